// The last finished run's stage outputs (picture, cutout, part latents), so the next run can start from
// the latest stage whose inputs did not change (src/state/plan-run.ts). A reopened history
// entry puts its own outputs here, so it can be re-rolled the same way.
import { create } from 'zustand';
import type { RgbaImage } from '../pipeline/image';
import type { PartLatents } from '../pipeline/parts/run';
import type { GenerateRequest } from '../pipeline/request';
import type { StageOutputs } from '../backends/run-plan';

interface StageOutputsState {
  last?: StageOutputs;
  /** The parts seed of "new parts" re-rolls; it lasts while the picture stays the same. */
  partsSeed?: number;
  keep(outputs: StageOutputs | undefined): void;
  setPartsSeed(seed: number | undefined): void;
}

export const useStageOutputs = create<StageOutputsState>((set) => ({
  keep: (last) => set({ last }),
  setPartsSeed: (partsSeed) => set({ partsSeed }),
}));

/** Collects one run's outputs as they arrive; `outputs()` is complete once the run has finished. */
export function outputCollector(request: GenerateRequest) {
  let image: RgbaImage | undefined;
  let cutout: RgbaImage | undefined;
  let latents: PartLatents | undefined;
  return {
    onImage(kind: 'image' | 'cutout', img: RgbaImage) {
      if (kind === 'image') image = img;
      else cutout = img;
    },
    onLatents(l: PartLatents) {
      latents = l;
    },
    outputs: (): StageOutputs | undefined => (image && cutout && latents ? { request, image, cutout, latents } : undefined),
  };
}
