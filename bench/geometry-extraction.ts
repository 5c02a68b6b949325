// Coarse-to-fine against dense occupancy extraction, one part, at the same finest resolution: queries,
// milliseconds and their ratios. Fields: analytic spheres evaluated in TypeScript (nearly free, so what
// coarse-to-fine spends beyond the field is its bookkeeping), as a distance-like logit and as a logit that
// saturates like an occupancy network's, and the fixture VAE graphs in onnxruntime-node (each query runs a
// graph, as with the real TripoSG decoder, whose queries cost ~25 MFLOP each: there the query ratio is the
// time ratio). Run alone with `npx tsx bench/geometry-extraction.ts [--full]`.
import { FIXTURE_SET } from '../models/sets/fixture';
import { sphereTable } from '../models/fixture/spheres';
import { extractSurface } from '../src/pipeline/geometry/coarse-to-fine';
import { fieldOf, meshDistance, saturatingFieldOf, sphere } from '../src/pipeline/geometry/coarse-to-fine-fields';
import { type FieldEvaluator, gridStep, sampleGrid } from '../src/pipeline/geometry/grid';
import { meshFromField } from '../src/pipeline/geometry/marching-cubes';
import { partField } from '../src/pipeline/geometry/run';
import { createNodeContext } from '../src/runtime/node-context';

export interface ExtractionFigures {
  field: string;
  resolution: number;
  denseQueries: number;
  denseMs?: number;
  queries: number;
  ms: number;
  /** CPU milliseconds coarse-to-fine spent outside the field's own evaluation. */
  bookkeepingCpuMs: number;
  /** Symmetric Chamfer distance between the two meshes, in finest voxels (when dense ran). */
  chamferVoxels?: number;
}

const BOUNDS = 1.005; // the PartCrafter box (docs/models/partcrafter.md §8)
const BATCH = 32768;
const GOAL = 20;
/** Projected TripoSG decoder cost: ~25 MFLOP a query at an effective 10 TFLOP/s. */
const SECONDS_PER_QUERY = 25e6 / 10e12;
/** Bookkeeping should stay under this share of the projected query time (the other part in flight hides it). */
const BOOKKEEPING_GOAL = 0.25;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The field, and the CPU time spent inside it (to tell it apart from the bookkeeping around it). */
function timed(field: FieldEvaluator): { field: FieldEvaluator; spent: () => number } {
  let spent = 0;
  return {
    field: async (points, count) => {
      const t0 = cpuMs();
      const out = await field(points, count);
      spent += cpuMs() - t0;
      return out;
    },
    spent: () => spent,
  };
}

async function compare(name: string, plain: FieldEvaluator, R: number, runDense: boolean): Promise<ExtractionFigures> {
  let denseMs: number | undefined;
  let denseMesh: ReturnType<typeof meshFromField> | undefined;
  if (runDense) {
    const t0 = performance.now();
    denseMesh = meshFromField(await sampleGrid(plain, R, BOUNDS, { batch: BATCH }), R, BOUNDS);
    denseMs = performance.now() - t0;
  }
  const { field, spent } = timed(plain);
  const t0 = performance.now(),
    c0 = cpuMs();
  const ours = await extractSurface(field, { finestResolution: R, coarseResolution: 32, bounds: BOUNDS, margin: 0, batch: BATCH });
  const ms = performance.now() - t0;
  const voxel = gridStep(R, BOUNDS);
  const f: ExtractionFigures = {
    field: name,
    resolution: R,
    denseQueries: R ** 3,
    denseMs,
    queries: ours.queries,
    ms,
    bookkeepingCpuMs: cpuMs() - c0 - spent(),
    chamferVoxels: denseMesh && meshDistance(ours.mesh, denseMesh, voxel).chamfer / voxel,
  };
  const ratio = f.denseQueries / f.queries;
  console.log(
    `  ${name.padEnd(20)} ${`${R}³`.padStart(5)} | dense ${f.denseQueries.toLocaleString('en').padStart(11)} q` +
      `${denseMs === undefined ? ' (not run)      ' : `, ${denseMs.toFixed(0).padStart(6)} ms`}` +
      ` | ours ${f.queries.toLocaleString('en').padStart(10)} q, ${ms.toFixed(0).padStart(6)} ms (${ours.levels.join('→')})` +
      ` | ${ratio.toFixed(1)}× fewer queries${ratio >= GOAL ? '' : ` (goal ${GOAL}×)`}` +
      `${denseMs === undefined ? '' : `, ${(denseMs / ms).toFixed(2)}× dense speed, Chamfer ${f.chamferVoxels!.toFixed(3)} voxel`}`,
  );
  return f;
}

/** One fixture part: a sphere the fixture VAE graphs turn a latent into (models/fixture/spheres.ts). */
async function fixtureVaeField(): Promise<{ field: FieldEvaluator; release: () => Promise<void> }> {
  const ctx = createNodeContext(FIXTURE_SET);
  const C = FIXTURE_SET.dims.partChannels;
  const T = 4;
  const latents = new Float32Array(T * C);
  for (let t = 0; t < T; t++) latents.set(sphereTable(C).slice(0, C), t * C);
  return { field: await partField(ctx, latents, T), release: () => ctx.graphs.release() };
}

export async function benchGeometryExtraction(full = false): Promise<ExtractionFigures[]> {
  console.log(`\nGeometry extraction per part, coarse-to-fine vs dense at the same finest resolution (batch ${BATCH}):`);
  const figures: ExtractionFigures[] = [];
  const shape = sphere(0.6, 0.02, -0.01, 0.03);
  // Once unmeasured, so that the first row's bookkeeping does not include compiling the code.
  await extractSurface(fieldOf(shape), { finestResolution: 96, coarseResolution: 32, bounds: BOUNDS, margin: 0, batch: BATCH });
  // A logit of ±20 that goes through 0 over 2 voxels of the 256³ lattice: TripoSG's refinement band
  // (hierarchical_extract_geometry) takes a logit whose sigmoid saturates in fp16 (|logit| ≳ 9) as far from
  // the surface, so its logits reach that within a few voxels.
  const kinds: [string, FieldEvaluator][] = [
    ['sphere, distance', fieldOf(shape)],
    ['sphere, saturating', saturatingFieldOf(shape, 20, 2 * gridStep(256, BOUNDS))],
  ];
  for (const [name, field] of kinds) {
    for (const R of [128, 256]) figures.push(await compare(name, field, R, true));
    figures.push(await compare(name, field, 512, full));
  }
  const vae = await fixtureVaeField();
  try {
    for (const R of [96, 128]) figures.push(await compare('fixture VAE (ORT)', vae.field, R, true));
    figures.push(await compare('fixture VAE (ORT)', vae.field, 256, full));
  } finally {
    await vae.release();
  }
  // What the query counts mean with the real decoder: each TripoSG query is ~25 MFLOP (cross-attention over
  // 1024 tokens plus a 1024→4096→1024 MLP); at an effective 10 TFLOP/s that is 2.5 µs a query.
  console.log('  Projected with the TripoSG decoder (~25 MFLOP a query, 10 TFLOP/s effective), per part, against our');
  console.log(`  bookkeeping (CPU time outside the field, measured above; goal ≤ ${BOOKKEEPING_GOAL} × the query time):`);
  for (const f of figures.filter((x) => x.field.startsWith('sphere'))) {
    const queryS = f.queries * SECONDS_PER_QUERY,
      bookS = f.bookkeepingCpuMs / 1000;
    console.log(
      `    ${f.field.padEnd(20)} ${`${f.resolution}³`.padStart(5)}: dense ${(f.denseQueries * SECONDS_PER_QUERY).toFixed(1)} s, ours ${queryS.toFixed(2)} s` +
        ` + ${bookS.toFixed(2)} s bookkeeping = ${(bookS / queryS).toFixed(2)} × the query time${bookS / queryS <= BOOKKEEPING_GOAL ? '' : ` (goal ${BOOKKEEPING_GOAL})`}`,
    );
  }
  if (!full) console.log('  (dense at 512³ and the fixture VAE at 256³: `npx tsx bench/geometry-extraction.ts --full`)');
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGeometryExtraction(process.argv.includes('--full'));
