// The stage strip's model: a pure reducer from ProgressEvents to per-stage status, so the rules (what
// "skipped" means, what a cancel does to a running stage) are testable without React.
import type { ProgressEvent, StageId } from '../leaf/progress';

export const STAGE_IDS: StageId[] = ['text', 'image', 'cutout', 'parts', 'points'];

export const STAGE_TITLES: Record<StageId, string> = {
  text: 'Text',
  image: 'Image',
  cutout: 'Cutout',
  parts: 'Parts',
  points: 'Points',
};

/** 'reused': the stage's output came from the previous run (re-roll from a later stage). */
export type StageStatus = 'idle' | 'running' | 'done' | 'error' | 'skipped' | 'cancelled' | 'reused';

export interface StageState {
  status: StageStatus;
  step?: number;
  total?: number;
  label?: string;
  /** 'info' messages, one line per graph (e.g. which execution provider it runs on and why). */
  info?: string;
  /** performance.now() when the stage started (for the live elapsed time). */
  startedAt?: number;
  /** Elapsed milliseconds once finished (or when stopped). */
  ms?: number;
}

export type StageMap = Record<StageId, StageState>;

export function initialStages(skipTextToImage = false, reused: readonly StageId[] = []): StageMap {
  const out = {} as StageMap;
  for (const id of STAGE_IDS) {
    const skipped = skipTextToImage && (id === 'text' || id === 'image');
    out[id] =
      reused.includes(id) && !skipped
        ? { status: 'reused', label: 'from the last run' }
        : { status: skipped ? 'skipped' : 'idle', label: skipped ? 'your image' : undefined };
  }
  return out;
}

export function applyProgress(stages: StageMap, e: ProgressEvent, now: number): StageMap {
  const prev = stages[e.stage];
  if (!prev) return stages;
  let next: StageState;
  switch (e.status) {
    case 'start':
      next = { status: 'running', label: e.label, startedAt: now, info: prev.info };
      break;
    case 'progress':
      // A progress event may arrive without its 'start' (a stage that reports only steps).
      next = {
        ...prev,
        status: 'running',
        step: e.step,
        total: e.total,
        label: e.label ?? prev.label,
        startedAt: prev.startedAt ?? now,
      };
      break;
    case 'info':
      next = { ...prev, info: mergeInfo(prev.info, e.message) };
      break;
    case 'done':
      next = { ...prev, status: 'done', ms: e.ms, step: prev.total, label: prev.label };
      break;
  }
  return { ...stages, [e.stage]: next };
}

/**
 * A stage runs several graphs (text: two encoders; image: UNet and VAE), each saying where it runs as
 * "<graph>: ...". Keep one line per graph, the latest for each, so no graph's choice is hidden.
 */
export function mergeInfo(prev: string | undefined, message: string): string {
  const key = /^(\w+): /.exec(message)?.[1];
  const lines = (prev ? prev.split('\n') : []).filter((l) => !key || !l.startsWith(`${key}: `));
  return [...lines, message].join('\n');
}

/**
 * After a cancel (failed = false) or a failure: the stage that was running is marked cancelled or failed
 * (with the time it ran and how far it got); finished stages keep their result, unstarted ones stay waiting.
 */
export function stopRunning(stages: StageMap, now: number, failed: boolean): StageMap {
  const out = { ...stages };
  for (const id of STAGE_IDS) {
    const s = out[id];
    if (s.status !== 'running') continue;
    out[id] = {
      ...s,
      status: failed ? 'error' : 'cancelled',
      label: failed ? 'failed' : s.label,
      ms: s.startedAt !== undefined ? now - s.startedAt : undefined,
    };
  }
  return out;
}

/** "step 3/8". Stages say what a step is in their label ("part 2/4", "denoising"). */
export function stepText(s: StageState): string | undefined {
  if (s.total === undefined || s.step === undefined || s.total <= 0) return undefined;
  return `step ${s.step}/${s.total}`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
