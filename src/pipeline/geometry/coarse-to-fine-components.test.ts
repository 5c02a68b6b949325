// Property: coarse-to-fine extraction finds every connected piece of surface that the dense grid at the
// same finest resolution finds, with the dense mesh's very vertices, for small blobs at random sub-voxel
// positions. The first lattice's cells are about 8 finest voxels wide, as at 256³ with a 33³ start, so a
// blob a few voxels across can sit wholly between its samples.
import { describe, expect, it } from 'vitest';
import { extractSurface } from './coarse-to-fine';
import { type BlobKind as Kind, meshDistance, randomBlobs } from './coarse-to-fine-fields';
import { type FieldEvaluator, gridStep, sampleGrid } from './grid';
import { meshFromField } from './marching-cubes';
import { connectedComponents } from './mesh';

const BOUNDS = 1;
/** Finest resolution → first-level resolution with cells ~8 finest voxels wide (33 → 256 likewise). */
const FIRST_LEVEL: Record<number, number> = { 64: 9, 128: 17 };

interface Outcome {
  found: number;
  lost: number;
  /** Largest distance from a vertex of either mesh to the nearest vertex of the other. */
  hausdorff: number;
}

async function compare(field: FieldEvaluator, res: number): Promise<Outcome> {
  const dense = meshFromField(await sampleGrid(field, res, BOUNDS, { batch: 65536 }), res, BOUNDS);
  const ours = await extractSurface(field, {
    finestResolution: res,
    coarseResolution: FIRST_LEVEL[res],
    bounds: BOUNDS,
    margin: 0,
    batch: 65536,
  });
  const found = connectedComponents(dense);
  return {
    found,
    lost: found - connectedComponents(ours.mesh),
    hausdorff: meshDistance(ours.mesh, dense, gridStep(res, BOUNDS)).hausdorff,
  };
}

describe('coarse-to-fine loses no piece the dense grid finds', () => {
  const runs: [Kind, number, number][] = [];
  for (const kind of ['distance', 'logit'] as Kind[]) {
    for (let seed = 1; seed <= 32; seed++) runs.push([kind, 64, seed]);
    for (let seed = 101; seed <= 102; seed++) runs.push([kind, 128, seed]);
  }
  for (const kind of ['distance', 'logit'] as Kind[]) {
    it(`on ${kind}-like fields: every component, with the dense mesh's vertices`, async () => {
      const failures: string[] = [];
      let found = 0,
        lost = 0;
      for (const [k, res, seed] of runs) {
        if (k !== kind) continue;
        const { field, about } = randomBlobs(seed, gridStep(res, BOUNDS), BOUNDS, kind);
        const got = await compare(field, res);
        found += got.found;
        lost += got.lost;
        if (got.lost !== 0 || got.hausdorff > 1e-6)
          failures.push(
            `${res}³ seed ${seed} (${about}): ${got.lost} of ${got.found} lost, vertices off by ${got.hausdorff.toExponential(1)}`,
          );
      }
      expect(found).toBeGreaterThan(100);
      expect({ lost, of: found, failures }).toEqual({ lost: 0, of: found, failures: [] });
    }, 60_000);
  }
});
