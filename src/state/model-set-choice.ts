// Which model set this page uses: `?set=<id>`, default 'fixture' (the tiny set served with the app); the
// real set once its files are installed and compiled (readiness.ts). An unknown id is reported rather
// than silently replaced.
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
