// Part names the user typed in the legend, for the cloud on screen. The cloud itself is never changed
// (the viewer keys its buffers on it); the names travel into exports and the run's history entry.
import { create } from 'zustand';
import type { PointCloud } from '../pipeline/point-cloud';

interface PartNamesState {
  cloud?: PointCloud;
  names: string[];
  rename(cloud: PointCloud, part: number, name: string): void;
  /** Names for a cloud from the history (already renamed there). */
  adopt(cloud: PointCloud, names: string[]): void;
}

export const usePartNames = create<PartNamesState>((set) => ({
  names: [],
  rename(cloud, part, name) {
    const names = [...partNamesOf(cloud)];
    // An emptied field goes back to the default name rather than leaving a part nameless.
    names[part] = name.trim() || cloud.partNames[part] || `Part ${part + 1}`;
    set({ cloud, names });
  },
  adopt: (cloud, names) => set({ cloud, names: [...names] }),
}));

/** The names to show and export for `cloud`: the user's, else the pipeline's. */
export function partNamesOf(cloud: PointCloud, state = usePartNames.getState()): string[] {
  return state.cloud === cloud ? state.names : cloud.partNames;
}
