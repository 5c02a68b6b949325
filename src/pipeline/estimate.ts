// How long a run will take, before it starts: floating-point work per stage from the set's cost model and
// the settings, divided by a throughput guessed from the device class, times a per-stage factor learned
// from this device's earlier runs (src/state/calibration.ts). The guess is rough (ORT's WebGPU kernels
// reach a fraction of a GPU's peak, and which fraction varies); one measured run makes it a good one for
// the same settings and a fair one for others, since work scales the stages' times.
import type { ModelSet } from '../../models/model-set';
import type { Capabilities } from '../runtime/capabilities';
import { THROUGHPUT, workClass, type DeviceClass } from '../runtime/placement';
import { levelResolutions } from './geometry/coarse-to-fine-levels';
import type { StageId } from '../leaf/progress';
import type { GenerateRequest } from './request';

export type EstimateSettings = Pick<
  GenerateRequest,
  'imageSteps' | 'numParts' | 'tokensPerPart' | 'guidance' | 'partSteps' | 'gridResolution'
> & {
  /** The user's own image skips text → image. */
  skipTextToImage?: boolean;
};

export type StageWork = Record<StageId, number>;

/**
 * Occupancy queries per part, coarse-to-fine: the first level in full plus a shell whose size grows with
 * the surface, ~11·R² for an object filling a good part of the box (measured on a sphere of radius 0.6:
 * 0.72 M at 256³, 2.8 M at 512³; bench/geometry-extraction.ts).
 */
export function queriesPerPart(resolution: number): number {
  const first = levelResolutions(resolution, 32)[0];
  return first ** 3 + (first === resolution ? 0 : 11 * resolution * resolution);
}

/** GFLOP per stage for one run. */
export function stageGflop(set: ModelSet, s: EstimateSettings): StageWork {
  const c = set.cost;
  const N = s.numParts,
    T1 = s.tokensPerPart + 1;
  const cfg = s.guidance > 1;
  const rows = cfg ? 2 * N : N;
  const ctxTokens = Math.floor(set.dims.dinoCrop / set.dims.dinoPatch) ** 2 + 1;
  // Attention: QKᵀ and AV are 2·L²·width each per layer; global layers see N parts as one sequence.
  const attention =
    4 * c.ditWidth * (c.ditGlobalLayers * (cfg ? 2 : 1) * (N * T1) ** 2 + c.ditLocalLayers * rows * T1 ** 2) +
    4 * c.ditWidth * (c.ditGlobalLayers + c.ditLocalLayers) * rows * T1 * ctxTokens;
  const ditStep = rows * T1 * c.ditGflopPerToken + attention / 1e9;
  const queryGflop = (c.queryMflop + c.queryMflopPerToken * s.tokensPerPart) / 1e3;
  const skip = s.skipTextToImage ?? false;
  return {
    text: skip ? 0 : c.textGflop,
    image: skip ? 0 : s.imageSteps * c.unetStepGflop + c.vaeDecodeGflop,
    cutout: c.rmbgGflop,
    parts: c.imageEncoderGflop + s.partSteps * ditStep,
    points: N * (c.vaeKvGflopPerToken * s.tokensPerPart + queriesPerPart(s.gridResolution) * queryGflop),
  };
}

export { deviceClass, type DeviceClass } from '../runtime/placement';

export const DEVICE_CLASS_LABEL: Record<DeviceClass, string> = {
  'discrete-gpu': 'a discrete GPU',
  'integrated-gpu': 'an integrated GPU',
  'software-gpu': 'a software GPU',
  cpu: 'the CPU (wasm)',
};

export interface Estimate {
  /** Milliseconds per stage, and in all. */
  stages: StageWork;
  totalMs: number;
  deviceClass: DeviceClass;
  /** Stages whose figure comes from this device's own runs rather than the class guess. */
  calibrated: StageId[];
}

/** Measured ÷ guessed time per stage, from earlier runs on this device (absent: not measured yet). */
export type Calibration = Partial<Record<StageId, number>>;

/** The class guess for a stage's time, before calibration. */
export function guessMs(gflop: number, cls: DeviceClass): number {
  if (gflop <= 0) return 0;
  const t = THROUGHPUT[cls];
  return t.overheadMs + (gflop / t.gflops) * 1000;
}

export function estimateRun(set: ModelSet, s: EstimateSettings, caps: Capabilities, calibration: Calibration = {}): Estimate {
  // Where the graphs are placed, not merely the adapter: a software adapter's work runs on wasm.
  const cls = workClass(caps);
  const work = stageGflop(set, s);
  // The CPU figure is for 4 wasm threads; fewer threads scale it roughly linearly.
  const cpuScale = cls === 'cpu' ? 4 / Math.max(1, Math.min(4, caps.threads)) : 1;
  const stages = {} as StageWork;
  const calibrated: StageId[] = [];
  for (const id of Object.keys(work) as StageId[]) {
    const factor = calibration[id];
    if (factor !== undefined && work[id] > 0) calibrated.push(id);
    stages[id] = guessMs(work[id], cls) * cpuScale * (factor ?? 1);
  }
  const totalMs = Object.values(stages).reduce((a, b) => a + b, 0);
  return { stages, totalMs, deviceClass: cls, calibrated };
}

/**
 * The calibration after one more measured run: per stage, the new ratio of measured to guessed time,
 * averaged with the old one so one noisy run does not swing it. Stages that did not run keep theirs.
 */
export function updateCalibration(
  old: Calibration,
  set: ModelSet,
  s: EstimateSettings,
  caps: Capabilities,
  measuredMs: Partial<Record<StageId, number>>,
): Calibration {
  const guess = estimateRun(set, s, caps).stages;
  const next: Calibration = { ...old };
  for (const id of Object.keys(measuredMs) as StageId[]) {
    const ms = measuredMs[id];
    if (ms === undefined || !(ms > 0) || !(guess[id] > 0)) continue;
    const ratio = ms / guess[id];
    next[id] = old[id] === undefined ? ratio : Math.sqrt(old[id]! * ratio); // geometric mean: ratios span decades
  }
  return next;
}
