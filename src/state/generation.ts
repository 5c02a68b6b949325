// One run's state: stage strip, image cards, the resulting cloud, and the error box. The run itself (the
// backend call and its AbortController) lives in src/ui/run-controller.ts; this is only data.
import { create } from 'zustand';
import type { RgbaImage } from '../pipeline/image';
import type { PointCloud } from '../pipeline/point-cloud';
import type { ProgressEvent, StageId } from '../leaf/progress';
import type { ErrorDescription } from '../runtime/errors';
import { applyProgress, initialStages, stopRunning, type StageMap } from './stages';

export type RunPhase = 'idle' | 'running' | 'cancelling';

export interface GenerationState {
  phase: RunPhase;
  stages: StageMap;
  image?: RgbaImage;
  cutout?: RgbaImage;
  cloud?: PointCloud;
  error?: ErrorDescription;
  /** A plain note after a cancel ("Cancelled — ready for the next run"). */
  notice?: string;
  /** `reused`: stages whose output comes from the previous run (shown as such, never run). */
  begin(skipTextToImage: boolean, reused?: StageId[]): void;
  /** Applies a batch of progress events (src/state/progress-batcher.ts) to the stage strip. */
  progress(events: ProgressEvent[]): void;
  setImage(kind: 'image' | 'cutout', image: RgbaImage): void;
  finish(cloud: PointCloud): void;
  cancelling(): void;
  fail(error: ErrorDescription): void;
  cancelled(): void;
}

declare global {
  interface Window {
    /** Read-only test surface: the last run's progress events. */
    __lumen?: { progress: ProgressEvent[] };
  }
}

function progressLog(): ProgressEvent[] | undefined {
  return typeof window === 'undefined' ? undefined : (window.__lumen ??= { progress: [] }).progress;
}

const now = () => performance.now();

export const useGeneration = create<GenerationState>((set, get) => ({
  phase: 'idle',
  stages: initialStages(),
  begin(skipTextToImage, reused) {
    if (typeof window !== 'undefined') window.__lumen = { progress: [] };
    set({
      phase: 'running',
      stages: initialStages(skipTextToImage, reused),
      image: undefined,
      cutout: undefined,
      error: undefined,
      notice: undefined,
    });
  },
  progress(events) {
    // Once Cancel is pressed the run's outcome is "cancelled": work that still finishes in a worker
    // meanwhile (a stage's last steps, its 'done') must not show as progress or as done beside it.
    if (get().phase !== 'running') return;
    progressLog()?.push(...events);
    const t = now();
    set({ stages: events.reduce((s, e) => applyProgress(s, e, t), get().stages) });
  },
  setImage(kind, image) {
    set(kind === 'image' ? { image } : { cutout: image });
  },
  finish(cloud) {
    set({ phase: 'idle', cloud });
  },
  cancelling() {
    if (get().phase === 'running') set({ phase: 'cancelling' });
  },
  fail(error) {
    set({ phase: 'idle', error, stages: stopRunning(get().stages, now(), true) });
  },
  cancelled() {
    set({ phase: 'idle', notice: 'Cancelled. Ready for the next run.', stages: stopRunning(get().stages, now(), false) });
  },
}));
