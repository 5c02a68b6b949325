// Coarse-to-fine against dense occupancy extraction for one part: queries and wall time at finest 128³ and
// 256³, on a sphere field evaluated in TypeScript. The field is nearly free here, so the time ratio
// understates the gain with the VAE query graph, where each query costs a cross-attention; the query
// ratio is the figure that carries over. Run alone with `npx tsx bench/geometry-extraction.ts`.
import { extractSurface } from '../src/pipeline/geometry/coarse-to-fine';
import { fieldOf, meshDistance, sphere } from '../src/pipeline/geometry/coarse-to-fine-fields';
import { gridStep, sampleGrid } from '../src/pipeline/geometry/grid';
import { meshFromField } from '../src/pipeline/geometry/marching-cubes';

export interface ExtractionFigures {
  resolution: number;
  /** Coarse cells grown around the band. */
  margin: number;
  denseQueries: number;
  denseMs: number;
  queries: number;
  ms: number;
  /** Symmetric Chamfer distance between the two meshes, in finest voxels. */
  chamferVoxels: number;
}

const BOUNDS = 1.005; // the PartCrafter box (shared/specs/partcrafter.md §8)
const BATCH = 32768;

export async function benchGeometryExtraction(resolutions = [128, 256]): Promise<ExtractionFigures[]> {
  const field = fieldOf(sphere(0.6, 0.02, -0.01, 0.03));
  const figures: ExtractionFigures[] = [];
  console.log('\nGeometry extraction per part (sphere field in TS, batch 32768):');
  for (const R of resolutions) {
    let t0 = performance.now();
    const dense = meshFromField(await sampleGrid(field, R, BOUNDS, { batch: BATCH }), R, BOUNDS);
    const denseMs = performance.now() - t0;
    console.log(`  ${R}³ dense: ${(R ** 3).toLocaleString('en')} queries, ${denseMs.toFixed(0)} ms`);
    for (const margin of [1, 0]) {
      t0 = performance.now();
      const ours = await extractSurface(field, { finestResolution: R, coarseResolution: 32, bounds: BOUNDS, margin, batch: BATCH });
      const ms = performance.now() - t0;
      const voxel = gridStep(R, BOUNDS);
      const f: ExtractionFigures = {
        resolution: R, margin, denseQueries: R ** 3, denseMs, queries: ours.queries, ms,
        chamferVoxels: meshDistance(ours.mesh, dense, voxel).chamfer / voxel,
      };
      figures.push(f);
      console.log(
        `  ${R}³ coarse-to-fine, margin ${margin} (${ours.levels.join('→')}): ${f.queries.toLocaleString('en')} queries, ${ms.toFixed(0)} ms` +
          ` | ${(f.denseQueries / f.queries).toFixed(1)}× fewer queries, ${(denseMs / ms).toFixed(2)}× dense speed, Chamfer ${f.chamferVoxels.toFixed(3)} voxel`,
      );
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGeometryExtraction();
