// The app's generation settings as a zustand store; the policy (defaults, limits, clamping, the request)
// is the pipeline's (src/pipeline/settings.ts), so the server shares it without a UI store.
import { create } from 'zustand';
import type { ModelSet } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { clampSettings, defaultSettings, type Settings } from '../pipeline/settings';

interface SettingsState {
  set: ModelSet;
  values: Settings;
  update(patch: Partial<Settings>): void;
  reset(): void;
  selectSet(set: ModelSet): void;
}

export function createSettingsStore(initial: ModelSet) {
  return create<SettingsState>((setState, get) => ({
    set: initial,
    values: defaultSettings(initial),
    update: (patch) => setState({ values: clampSettings(get().set, { ...get().values, ...patch }) }),
    reset: () => setState({ values: defaultSettings(get().set) }),
    selectSet: (set) => setState({ set, values: defaultSettings(set) }),
  }));
}

/** The app's one settings store; main.tsx switches it to the set named in the URL before first render. */
export const useSettings = createSettingsStore(FIXTURE_SET);
