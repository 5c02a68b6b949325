// The geometry stage: per part, the VAE kv graph once, then occupancy queries coarse-to-fine (or over the
// dense grid), marching cubes to a mesh, and finally area-weighted sampling across all parts (docs/models/partcrafter.md §5–§8).
import { stopsRun } from '../../runtime/error-table';
import { classifyError } from '../../runtime/errors';
import { floatTensor, readFloats } from '../../leaf/float16';
import type { StageContext } from '../../runtime/context';
import type { PointCloud } from '../point-cloud';
import { runStage } from '../../leaf/progress';
import { checkAbort, nextTask } from '../../leaf/abort';
import { extractSurface } from './coarse-to-fine';
import { batchCount, type FieldEvaluator, sampleGrid } from './grid';
import { meshFromField } from './marching-cubes';
import { emptyMesh, type Mesh, meshArea } from './mesh';
import { samplePoints } from './sampling';

export type { Mesh } from './mesh';

export interface GeometryLatents {
  numParts: number;
  tokens: number;
  channels: number;
  /** [numParts, tokens, channels] */
  data: Float32Array;
}

export interface GeometryOptions {
  /** Samples per axis of the dense grid. */
  gridResolution: number;
  /** Points in the cloud, over all parts together. */
  pointCount: number;
  seed: number;
  /** Grid points per query run (default 32768). */
  queryBatch?: number;
  /** Parts extracted at once (default 2: one computes on the CPU while the other waits for the GPU). */
  partsInFlight?: number;
  /**
   * 'coarse-to-fine' (the default) queries only points near the surface and gives the dense mesh there;
   * 'dense' queries every grid point (the reference the bench compares against).
   */
  method?: 'dense' | 'coarse-to-fine';
}

/** Coarse-to-fine settings: first level ≥ 32 samples per axis; no margin (surface tracking covers it). */
const COARSE_RESOLUTION = 32;
const COARSE_MARGIN = 0;
/** Progress steps per part for coarse-to-fine, whose query count is not known in advance. */
const COARSE_STEPS = 100;

export class GeometrySettingsError extends Error {
  override name = 'GeometrySettingsError';
}

/** No part had any surface inside the box: there is nothing to show. */
export class NoSurfaceError extends Error {
  override name = 'NoSurfaceError';
}

export const DEFAULT_QUERY_BATCH = 32768;
const PARTS_IN_FLIGHT = 2;

function validate(ctx: StageContext, latents: GeometryLatents, opts: GeometryOptions): void {
  const { numParts: N, tokens: T, channels: C, data } = latents;
  const want = ctx.set.dims.partChannels;
  if (!Number.isInteger(N) || N < 1 || N > 256) throw new GeometrySettingsError(`Parts must be a whole number from 1 to 256 (got ${N}).`);
  if (C !== want) throw new GeometrySettingsError(`The part latents have ${C} channels; the ${ctx.set.label} VAE expects ${want}.`);
  if (!Number.isInteger(T) || T < 1 || data.length !== N * T * C) {
    throw new GeometrySettingsError(`The part latents hold ${data.length} values, not ${N} parts × ${T} tokens × ${C} channels.`);
  }
  if (!Number.isInteger(opts.gridResolution) || opts.gridResolution < 2) {
    throw new GeometrySettingsError(`The grid needs a whole number of at least 2 samples per axis (got ${opts.gridResolution}).`);
  }
  if (!Number.isInteger(opts.pointCount) || opts.pointCount < 1) {
    throw new GeometrySettingsError(`The point count must be a whole number of at least 1 (got ${opts.pointCount}).`);
  }
  const batch = opts.queryBatch ?? DEFAULT_QUERY_BATCH;
  if (!Number.isInteger(batch) || batch < 1)
    throw new GeometrySettingsError(`The query batch must be a whole number of at least 1 (got ${batch}).`);
}

/** The occupancy logits of one part as a function of points: kv is computed once and reused. */
export async function partField(ctx: StageContext, latents: Float32Array, tokens: number): Promise<FieldEvaluator> {
  const g = ctx.set.graphs;
  const kvGraph = await ctx.graphs.get('vaeKv');
  const { kv } = await kvGraph.run({ latents: floatTensor(latents, [1, tokens, ctx.set.dims.partChannels], g.vaeKv.float) });
  // Converted once, in case the two graphs were exported with different boundary types.
  const kvFeed = floatTensor(readFloats(kv), kv.dims, g.vaeQuery.float);
  const query = await ctx.graphs.get('vaeQuery');
  return async (points, count) => {
    // Between query batches: let a cancel that is waiting in the message queue land, then honour it.
    await nextTask();
    checkAbort(ctx.signal);
    const out = await query.run({ points: floatTensor(points, [1, count, 3], g.vaeQuery.float), kv: kvFeed });
    return readFloats(out.logits);
  };
}

interface PartMeshOptions {
  R: number;
  bounds: number;
  batch: number;
  coarse: boolean;
  signal?: AbortSignal;
  report: (step: number) => void;
}

/** One part's surface: its kv once, then the occupancy queries and marching cubes. */
async function partMesh(ctx: StageContext, latents: Float32Array, tokens: number, o: PartMeshOptions): Promise<Mesh> {
  const field = await partField(ctx, latents, tokens);
  if (o.coarse) {
    const surface = await extractSurface(field, {
      finestResolution: o.R,
      coarseResolution: COARSE_RESOLUTION,
      bounds: o.bounds,
      margin: COARSE_MARGIN,
      batch: o.batch,
      signal: o.signal,
      onProgress: (f) => o.report(Math.floor(f * COARSE_STEPS)),
    });
    return surface.mesh;
  }
  const values = await sampleGrid(field, o.R, o.bounds, { batch: o.batch, signal: o.signal, onBatch: o.report });
  checkAbort(o.signal);
  return meshFromField(values, o.R, o.bounds);
}

/**
 * Errors that concern one part's computation. The rest end the run: a cancel, or a condition every later
 * part would meet too (a lost device or out of memory, the wasm memory's 4 GiB cap, a missing f16 kernel, a bad
 * or missing graph file).
 */
function isPartLocal(e: unknown): boolean {
  const name = classifyError(e).name;
  return !stopsRun(name);
}

/**
 * Part latents → one mesh per part and a point cloud over all of them. Parts without a surface keep an
 * empty mesh, get no points, and are listed in `cloud.emptyParts`.
 */
export async function extractPointCloud(
  ctx: StageContext,
  latents: GeometryLatents,
  opts: GeometryOptions,
): Promise<{ cloud: PointCloud; meshes: Mesh[] }> {
  validate(ctx, latents, opts);
  return runStage('points', ctx.onProgress, async () => {
    const { numParts: N, tokens: T, channels: C } = latents;
    const R = opts.gridResolution;
    const bounds = ctx.set.dims.bounds;
    const batch = Math.min(opts.queryBatch ?? DEFAULT_QUERY_BATCH, R * R * R);
    const coarse = (opts.method ?? 'coarse-to-fine') === 'coarse-to-fine';
    const perPart = (coarse ? COARSE_STEPS : batchCount(R, batch)) + 1; // + 1: meshing
    const total = N * perPart;
    const meshes: Mesh[] = new Array(N);
    const failures: { part: number; error: Error }[] = [];
    checkAbort(ctx.signal);
    // Parts are independent: with two in flight, one part's CPU work (band bookkeeping, marching cubes)
    // runs while the other waits for its queries on the GPU. A fatal error stops both lanes.
    const inner = new AbortController();
    const stop = () => inner.abort();
    ctx.signal?.addEventListener('abort', stop);
    const stepOf = new Float64Array(N);
    const reporter = (p: number) => (step: number) => {
      if (inner.signal.aborted) return; // nothing after a cancel
      stepOf[p] = step;
      let sum = 0;
      for (const v of stepOf) sum += v;
      ctx.onProgress?.({ status: 'progress', stage: 'points', step: sum, total, label: `part ${p + 1}/${N}` });
    };
    let next = 0;
    const lane = async () => {
      for (let p = next++; p < N; p = next++) {
        checkAbort(inner.signal);
        const report = reporter(p);
        report(0);
        try {
          meshes[p] = await partMesh(ctx, latents.data.subarray(p * T * C, (p + 1) * T * C), T, {
            R,
            bounds,
            batch,
            coarse,
            signal: inner.signal,
            report,
          });
        } catch (e) {
          // As upstream, one part's failure leaves a hole, not a lost run; a cancel or a lost device
          // ends the run, since every later part would meet it too.
          if (inner.signal.aborted || !isPartLocal(e)) throw e;
          failures.push({ part: p, error: e as Error });
          meshes[p] = emptyMesh();
        }
        report(perPart);
      }
    };
    try {
      const lanes = Array.from({ length: Math.min(N, opts.partsInFlight ?? PARTS_IN_FLIGHT) }, lane);
      // The first lane to fail decides; the others then stop on the inner abort.
      let fatal: { error: unknown } | undefined;
      await Promise.allSettled(
        lanes.map((l) =>
          l.catch((e) => {
            fatal ??= { error: e };
            stop();
          }),
        ),
      );
      checkAbort(ctx.signal);
      if (fatal) throw fatal.error;
    } finally {
      ctx.signal?.removeEventListener('abort', stop);
    }
    // Lanes finish in any order; report (and, if all failed, throw) by part.
    failures.sort((a, b) => a.part - b.part);
    if (failures.length === N) throw failures[0].error;
    const failedParts = failures.map((f) => ({ part: f.part, reason: f.error.message }));
    if (failedParts.length > 0) {
      ctx.onProgress?.({
        status: 'info',
        stage: 'points',
        message: `${failedParts.length} of ${N} parts failed: ${failedParts.map((f) => `Part ${f.part + 1} (${f.reason})`).join('; ')}.`,
      });
    }
    const failed = new Set(failedParts.map((f) => f.part));
    const emptyParts = meshes.flatMap((m, p) => (meshArea(m) > 0 ? [] : [p]));
    if (emptyParts.length === N) {
      throw new NoSurfaceError(
        `None of the ${N} parts has a surface inside the ±${bounds} box, so there are no points to show. ` + 'Try another seed or image.',
      );
    }
    const hollow = emptyParts.filter((p) => !failed.has(p));
    if (hollow.length > 0) {
      ctx.onProgress?.({
        status: 'info',
        stage: 'points',
        message: `${hollow.length} of ${N} parts came out empty: ${hollow.map((p) => `Part ${p + 1}`).join(', ')}.`,
      });
    }
    checkAbort(ctx.signal);
    const { positions, partIds } = samplePoints(meshes, opts.pointCount, opts.seed);
    const partNames = Array.from({ length: N }, (_, p) => `Part ${p + 1}`);
    return { cloud: { positions, partIds, partNames, emptyParts, failedParts, meshes }, meshes };
  });
}
