// Which model set this page uses: `?set=<id>`, default 'fixture' until the model store can fetch the
// real weights. An unknown id is reported rather than silently replaced.
import type { ModelSet } from '../../models/model-set';
import { MODEL_SETS, modelSetById } from '../../models/sets/index';

export const DEFAULT_SET_ID = 'fixture';

export interface SetChoice {
  set: ModelSet;
  /** Plain-words note when the URL asked for something we could not honour. */
  warning?: string;
}

export function chooseModelSet(search: string): SetChoice {
  const id = new URLSearchParams(search).get('set') ?? DEFAULT_SET_ID;
  try {
    return { set: modelSetById(id) };
  } catch {
    const known = MODEL_SETS.map((s) => s.id).join(', ');
    return {
      set: modelSetById(DEFAULT_SET_ID),
      warning: `There is no model set called "${id}" (known: ${known}); using "${DEFAULT_SET_ID}".`,
    };
  }
}

/** Why a set cannot generate yet, or undefined. */
export function setNotReadyReason(set: ModelSet): string | undefined {
  if (set.kind !== 'real') return undefined;
  return 'SDXL Turbo and RMBG-1.4 install from the Models panel (the model store), and the PartCrafter graphs are compiled there ' +
    'on this device from the official weights ("Compile PartCrafter"); generating with the real set from this page is not switched on yet. ' +
    'Use the fixture set (?set=fixture) to try the pipeline.';
}
