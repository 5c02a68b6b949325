// The dense occupancy grid: res³ sample points spanning [−bounds, bounds]³, x slowest and z fastest
// ("ij" indexing, as upstream's dense pass in docs/models/partcrafter.md §8), evaluated in batches.
import { checkAbort } from '../../leaf/abort';

export function gridStep(res: number, bounds: number): number {
  return (2 * bounds) / (res - 1);
}

/** xyz of grid points [start, start + count) in linear order, written into `out` (length ≥ 3·count). */
export function gridPoints(res: number, bounds: number, start: number, count: number, out = new Float32Array(3 * count)): Float32Array {
  const step = gridStep(res, bounds);
  const RR = res * res;
  for (let n = 0; n < count; n++) {
    const idx = start + n;
    const i = Math.floor(idx / RR);
    const rest = idx - i * RR;
    const j = Math.floor(rest / res);
    const k = rest - j * res;
    out[3 * n] = -bounds + i * step;
    out[3 * n + 1] = -bounds + j * step;
    out[3 * n + 2] = -bounds + k * step;
  }
  return out;
}

/** Values of the field at `count` points (xyz packed); the array may be longer than `count`. */
export type FieldEvaluator = (points: Float32Array, count: number) => Promise<Float32Array>;

export interface SampleGridOptions {
  /** Points per evaluation. */
  batch: number;
  signal?: AbortSignal;
  /** Called after each batch with the number done so far and the number of batches in all. */
  onBatch?: (done: number, total: number) => void;
}

export function batchCount(res: number, batch: number): number {
  return Math.ceil((res * res * res) / batch);
}

/**
 * Evaluates the field at every grid point. Every call gets exactly `batch` points, the last batch padded
 * with copies of the origin: a graph with fixed shapes (WebGPU plans once per shape) then never sees a
 * new one, and the padding costs less than one batch per part.
 */
export async function sampleGrid(evaluate: FieldEvaluator, res: number, bounds: number, opts: SampleGridOptions): Promise<Float32Array> {
  const total = res * res * res;
  const batch = Math.max(1, Math.min(opts.batch, total));
  const batches = Math.ceil(total / batch);
  const values = new Float32Array(total);
  const points = new Float32Array(3 * batch);
  for (let b = 0; b < batches; b++) {
    checkAbort(opts.signal);
    const start = b * batch;
    const count = Math.min(batch, total - start);
    points.fill(0);
    gridPoints(res, bounds, start, count, points);
    const out = await evaluate(points, batch);
    if (out.length < count) throw new Error(`The field returned ${out.length} values for ${count} points.`);
    values.set(out.subarray(0, count), start);
    opts.onBatch?.(b + 1, batches);
  }
  return values;
}
