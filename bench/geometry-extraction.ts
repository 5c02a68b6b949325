// Coarse-to-fine against dense occupancy extraction, one part, at the same finest resolution: queries and
// milliseconds for both and their ratios. Two fields: an analytic sphere evaluated in TypeScript (nearly
// free, so its time ratio shows our bookkeeping cost) and the fixture VAE graphs in onnxruntime-node
// (each query runs a graph, as with the real TripoSG decoder, whose queries cost ~25 MFLOP each: there the
// query ratio is the time ratio). Run alone with `npx tsx bench/geometry-extraction.ts [--full]`.
import { FIXTURE_SET } from '../models/sets/fixture';
import { sphereTable } from '../models/fixture/spheres';
import { extractSurface } from '../src/pipeline/geometry/coarse-to-fine';
import { fieldOf, meshDistance, sphere } from '../src/pipeline/geometry/coarse-to-fine-fields';
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
  /** Symmetric Chamfer distance between the two meshes, in finest voxels (when dense ran). */
  chamferVoxels?: number;
}

const BOUNDS = 1.005; // the PartCrafter box (docs/models/partcrafter.md §8)
const BATCH = 32768;
const GOAL = 20;

async function compare(name: string, field: FieldEvaluator, R: number, runDense: boolean): Promise<ExtractionFigures> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by its one assignment below
  let denseMs: number | undefined, denseMesh;
  if (runDense) {
    const t0 = performance.now();
    denseMesh = meshFromField(await sampleGrid(field, R, BOUNDS, { batch: BATCH }), R, BOUNDS);
    denseMs = performance.now() - t0;
  }
  const t0 = performance.now();
  const ours = await extractSurface(field, { finestResolution: R, coarseResolution: 32, bounds: BOUNDS, margin: 0, batch: BATCH });
  const ms = performance.now() - t0;
  const voxel = gridStep(R, BOUNDS);
  const f: ExtractionFigures = {
    field: name, resolution: R, denseQueries: R ** 3, denseMs, queries: ours.queries, ms,
    chamferVoxels: denseMesh && meshDistance(ours.mesh, denseMesh, voxel).chamfer / voxel,
  };
  const ratio = f.denseQueries / f.queries;
  console.log(
    `  ${name.padEnd(18)} ${`${R}³`.padStart(5)} | dense ${f.denseQueries.toLocaleString('en').padStart(11)} q` +
      `${denseMs === undefined ? ' (not run)      ' : `, ${denseMs.toFixed(0).padStart(6)} ms`}` +
      ` | ours ${f.queries.toLocaleString('en').padStart(9)} q, ${ms.toFixed(0).padStart(6)} ms (${ours.levels.join('→')})` +
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
  const ball = fieldOf(sphere(0.6, 0.02, -0.01, 0.03));
  for (const R of [128, 256]) figures.push(await compare('sphere (TS)', ball, R, true));
  figures.push(await compare('sphere (TS)', ball, 512, full));
  const vae = await fixtureVaeField();
  try {
    for (const R of [96, 128]) figures.push(await compare('fixture VAE (ORT)', vae.field, R, true));
    figures.push(await compare('fixture VAE (ORT)', vae.field, 256, full));
  } finally {
    await vae.release();
  }
  // What the query counts mean with the real decoder: each TripoSG query is ~25 MFLOP (cross-attention over
  // 1024 tokens plus a 1024→4096→1024 MLP); at an effective 10 TFLOP/s that is 2.5 µs a query.
  console.log('  Projected with the TripoSG decoder (~25 MFLOP a query, 10 TFLOP/s effective), per part:');
  for (const f of figures.filter((x) => x.field.startsWith('sphere'))) {
    const s = (q: number) => `${((q * 25e6) / 10e12).toFixed(1)} s`;
    console.log(`    ${f.resolution}³: dense ${s(f.denseQueries)}, ours ${s(f.queries)} + ${(f.ms / 1000).toFixed(1)} s bookkeeping (measured above)`);
  }
  if (!full) console.log('  (dense at 512³ and the fixture VAE at 256³: `npx tsx bench/geometry-extraction.ts --full`)');
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGeometryExtraction(process.argv.includes('--full'));
