// Coarse-to-fine occupancy extraction. A dense 256³ pass asks the VAE query graph 16.8 M points per part,
// yet the surface touches only a thin shell of cells. Here a coarse lattice is sampled in full; the parts
// of cells that may hold surface (coarse-to-fine-band.ts: a bound on the field's slope measured from the
// data, so that a small part hidden between samples is not lost) are grown by an optional margin, and only
// the next lattice's points at their corners are asked for. Wherever the surface found on the new lattice
// runs out of the band, the band follows it (growAcrossFaces). Level by level this reaches the finest
// lattice, which is the lattice of the dense pass (grid.ts), and marching cubes runs on the refined cells
// only: on exactly the values, and so with exactly the vertices, the dense pass gives there. Nothing is
// stored for the rest of the volume.
import { checkAbort } from '../../leaf/abort';
import { bandOctants, steepestGradient, WHOLE_CELL } from './coarse-to-fine-band';
import { axisMap, dilate, growAcrossFaces, levelResolutions, pointsToQuery, refinedCells } from './coarse-to-fine-levels';
import { batchCount, type FieldEvaluator, gridStep, sampleGrid } from './grid';
import { meshFromCells } from './marching-cells';
import { meshFromField } from './marching-cubes';
import { emptyMesh, type Mesh } from './mesh';
import { type Bricks, floatBricks } from './sparse';

export interface SurfaceOptions {
  /** Samples per axis of the last level: the lattice of the equivalent dense pass. */
  finestResolution: number;
  /** Samples per axis of the first level, which is sampled in full (the first level has at least this many). */
  coarseResolution: number;
  /** Half the box edge; the lattices span [−bounds, bounds]³. */
  bounds: number;
  /** Coarse cells added around the band on every side before refining: insurance against features the band test misses. */
  margin: number;
  /** Most points per evaluation (the app sizes it from the device's buffer limits). */
  batch: number;
  /**
   * The hidden-surface test's slope bound (coarse-to-fine-band.ts) as a multiple of the steepest slope
   * measured (default DEFAULT_SLACK); 0 = sign changes only.
   */
  slack?: number;
  signal?: AbortSignal;
  /** Fraction of the expected work done, from 0 to 1, after each batch. */
  onProgress?: (fraction: number) => void;
}

export interface SurfaceResult {
  mesh: Mesh;
  /** Points whose field value was asked for (padding excluded). */
  queries: number;
  /** Points actually evaluated, padding included. */
  evaluated: number;
  /** Samples per axis of each level visited. */
  levels: number[];
  /** Cells of the finest level that were refined (and meshed). */
  cells: number;
}

/**
 * The slope bound is the steepest finite-difference slope measured (coarse-to-fine-band.ts) times this.
 * 1 suffices for distance-like fields (the measure is exact) and for saturating logits whose magnitude is
 * concave in the distance to the surface (the secant at a level's own step bounds what that level needs);
 * the randomised property test (coarse-to-fine-components.test.ts) checks both.
 */
export const DEFAULT_SLACK = 1;

/** Share of the finest lattice's cells above which the last level is sampled as one dense grid. */
const DENSE_SHARE = 0.5;

function checkOptions(o: SurfaceOptions): void {
  const whole = (v: number, min: number, what: string) => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${what} must be a whole number of at least ${min} (got ${v}).`);
  };
  whole(o.finestResolution, 2, 'The finest resolution');
  whole(o.coarseResolution, 2, 'The coarse resolution');
  whole(o.margin, 0, 'The margin');
  whole(o.batch, 1, 'The query batch');
  if (!(o.bounds > 0)) throw new RangeError(`The bounds must be positive (got ${o.bounds}).`);
}

/**
 * Evaluates the field at lattice points `ids` and stores the results in `values`. Every call gets the
 * same number of points, the last one padded with the origin as in sampleGrid, so a graph with fixed
 * shapes sees few shapes: `batch`, or the next power of two when a whole level needs less than a batch.
 */
async function queryPoints(
  evaluate: FieldEvaluator,
  ids: Uint32Array,
  res: number,
  bounds: number,
  values: Bricks,
  batch: number,
  signal: AbortSignal | undefined,
  onBatch: (done: number, total: number) => void,
): Promise<number> {
  if (ids.length === 0) return 0;
  const size = Math.min(batch, 2 ** Math.ceil(Math.log2(ids.length)));
  const step = gridStep(res, bounds);
  const RR = res * res;
  const points = new Float32Array(3 * size);
  const batches = Math.ceil(ids.length / size);
  for (let b = 0; b < batches; b++) {
    checkAbort(signal);
    const start = b * size;
    const count = Math.min(size, ids.length - start);
    points.fill(0);
    for (let n = 0; n < count; n++) {
      const p = ids[start + n];
      const i = Math.floor(p / RR),
        j = Math.floor(p / res) % res,
        k = p % res;
      // The same expression as gridPoints, so a point gets the very coordinates the dense pass gives it.
      points[3 * n] = -bounds + i * step;
      points[3 * n + 1] = -bounds + j * step;
      points[3 * n + 2] = -bounds + k * step;
    }
    const out = await evaluate(points, size);
    if (out.length < count) throw new Error(`The field returned ${out.length} values for ${count} points.`);
    for (let n = 0; n < count; n++) values.set(ids[start + n], out[n]);
    onBatch(b + 1, batches);
  }
  return batches * size;
}

/** The union of `base` and the cells in `extra`, ascending (the next level's band test walks them). */
function mergeSorted(base: Uint32Array, extra: Uint32Array[]): Uint32Array {
  const all = new Uint32Array(base.length + extra.reduce((n, e) => n + e.length, 0));
  all.set(base);
  let at = base.length;
  for (const e of extra) {
    all.set(e, at);
    at += e.length;
  }
  return all.sort();
}

/** The iso-0 surface (positive inside) of `evaluate` at the finest resolution, querying only near it. */
export async function extractSurface(evaluate: FieldEvaluator, opts: SurfaceOptions): Promise<SurfaceResult> {
  checkOptions(opts);
  const { bounds, margin, batch, signal } = opts;
  const slack = opts.slack ?? DEFAULT_SLACK;
  const levels = levelResolutions(opts.finestResolution, opts.coarseResolution);
  // Progress weights: the first level costs res³ queries, later ones grow with the band's area (res²).
  const weights = levels.map((r, l) => (l === 0 ? r ** 3 : 8 * r * r));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let doneWeight = 0;
  const progress = (l: number) => (done: number, total: number) =>
    opts.onProgress?.(Math.min(1, (doneWeight + (weights[l] * done) / total) / totalWeight));

  let res = levels[0];
  let values = floatBricks(res, res ** 3);
  let active: Uint32Array = new Uint32Array((res - 1) ** 3);
  for (let id = 0; id < active.length; id++) active[id] = id;
  const all = new Uint32Array(res ** 3);
  for (let id = 0; id < all.length; id++) all[id] = id;
  let queries = all.length;
  let slope = 0;
  let evaluated = await queryPoints(evaluate, all, res, bounds, values, batch, signal, progress(0));
  doneWeight += weights[0];

  for (let l = 1; l < levels.length; l++) {
    checkAbort(signal);
    const fineRes = levels[l];
    // The steepest slope seen so far, per unit length: a finer level resolves a saturating logit better.
    slope = Math.max(slope, steepestGradient(values, res, active) / gridStep(res, bounds));
    const { octants, crossings } = bandOctants(values, res, active, slack * slope * gridStep(res, bounds));
    // No sign change anywhere: nothing measured bounds the slope (far from its surfaces a saturated logit
    // is flat), so the next level is sampled over every active cell.
    if (crossings === 0 && slack > 0) for (const id of active) octants[id] = WHOLE_CELL;
    if (margin > 0) {
      const grown = dilate(
        octants.map((m) => (m === WHOLE_CELL ? 1 : 0)),
        res - 1,
        margin,
      );
      for (let id = 0; id < grown.length; id++) if (grown[id]) octants[id] = WHOLE_CELL;
    }
    const map = axisMap(res, fineRes);
    const refined = refinedCells(octants, res, fineRes, map);
    if (refined.count === 0) {
      // Nothing straddles the iso level anywhere: no later level can find a surface either.
      opts.onProgress?.(1);
      return { mesh: emptyMesh(), queries, evaluated, levels: levels.slice(0, l), cells: 0 };
    }
    if (l === levels.length - 1 && refined.count >= DENSE_SHARE * (fineRes - 1) ** 3) {
      // Most of the finest lattice is wanted (a logit that saturates within a voxel or so, or no sign
      // change seen): the dense pass gives the same mesh from one array, without bricks and id lists.
      const dense = await sampleGrid(evaluate, fineRes, bounds, { batch, signal, onBatch: progress(l) });
      checkAbort(signal);
      const mesh = meshFromField(dense, fineRes, bounds);
      opts.onProgress?.(1);
      const total = fineRes ** 3;
      return {
        mesh,
        queries: queries + total,
        evaluated: evaluated + batchCount(fineRes, batch) * Math.min(batch, total),
        levels,
        cells: (fineRes - 1) ** 3,
      };
    }
    const cells = refined.set.toArray(refined.count);
    const coarser = { values, res, map };
    // Neighbouring cells share corners: about 2 new points a cell in a band (the pool grows if needed).
    const fine = floatBricks(fineRes, 2 * cells.length);
    const ask = async (these: Uint32Array) => {
      const ids = pointsToQuery(these, fineRes, fine, coarser);
      queries += ids.length;
      evaluated += await queryPoints(evaluate, ids, fineRes, bounds, fine, batch, signal, progress(l));
    };
    await ask(cells);
    // Follow the surface wherever it leaves the band (see growAcrossFaces), until it closes.
    const grown: Uint32Array[] = [];
    for (let front = cells; ; ) {
      front = growAcrossFaces(fine, fineRes, front, refined.set);
      if (front.length === 0) break;
      grown.push(front);
      await ask(front);
    }
    active = grown.length ? mergeSorted(cells, grown) : cells;
    values = fine;
    doneWeight += weights[l];
    res = fineRes;
  }
  checkAbort(signal);
  const mesh = meshFromCells(values, res, bounds, active);
  opts.onProgress?.(1);
  return { mesh, queries, evaluated, levels, cells: active.length };
}
