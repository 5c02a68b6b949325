// One discriminated union for everything a long step reports (the shape of transformers.js's ProgressInfo, src/utils/core.js).
export type StageId = 'text' | 'image' | 'cutout' | 'parts' | 'points';

export type ProgressEvent =
  | { status: 'start'; stage: StageId; label?: string }
  | { status: 'progress'; stage: StageId; step: number; total: number; label?: string }
  | { status: 'info'; stage: StageId; message: string }
  | { status: 'done'; stage: StageId; ms: number };

export type ProgressFn = (event: ProgressEvent) => void;

/** Wraps one stage: emits start and done (with elapsed ms) around `fn`. */
export async function runStage<T>(stage: StageId, onProgress: ProgressFn | undefined, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  onProgress?.({ status: 'start', stage });
  const result = await fn();
  onProgress?.({ status: 'done', stage, ms: performance.now() - t0 });
  return result;
}
