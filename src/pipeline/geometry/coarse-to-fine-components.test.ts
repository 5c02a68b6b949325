// Property: coarse-to-fine extraction finds every connected piece of surface that the dense grid at the
// same finest resolution finds, with the dense mesh's very vertices, for small blobs at random sub-voxel
// positions. The first lattice's cells are about 8 finest voxels wide, as at 256³ with a 33³ start, so a
// blob a few voxels across can sit wholly between its samples.
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { extractSurface } from './coarse-to-fine';
import { balls, fieldOf, meshDistance, saturatingFieldOf } from './coarse-to-fine-fields';
import { type FieldEvaluator, gridStep, sampleGrid } from './grid';
import { meshFromField } from './marching-cubes';
import { connectedComponents } from './mesh';

const BOUNDS = 1;
/** Finest resolution → first-level resolution with cells ~8 finest voxels wide (33 → 256 likewise). */
const FIRST_LEVEL: Record<number, number> = { 64: 9, 128: 17 };

type Kind = 'distance' | 'logit';

/** 3 to 6 balls of radius 1 to 10 finest voxels, anywhere inside the box, and a field over them. */
function randomField(seed: number, res: number, kind: Kind): { field: FieldEvaluator; about: string } {
  const rng = createRng(seed);
  const h = gridStep(res, BOUNDS);
  const list = Array.from({ length: 3 + Math.floor(4 * rng.next()) }, () => {
    const r = (1 + 9 * rng.next()) * h;
    const at = () => (2 * rng.next() - 1) * (BOUNDS - r - 2 * h);
    return { x: at(), y: at(), z: at(), r };
  });
  const shape = balls(list);
  const radii = list.map((b) => (b.r / h).toFixed(1)).join(', ');
  if (kind === 'distance') return { field: fieldOf(shape), about: `radii ${radii} voxels` };
  // TripoSG-like logits: tens of units far away, through 0 over 0.5 to 3 finest voxels.
  const magnitude = 8 + 22 * rng.next();
  const width = (0.5 + 2.5 * rng.next()) * h;
  return { field: saturatingFieldOf(shape, magnitude, width), about: `radii ${radii} voxels, ±${magnitude.toFixed(0)} over ${(width / h).toFixed(1)} voxels` };
}

interface Outcome {
  found: number;
  lost: number;
  /** Largest distance from a vertex of either mesh to the nearest vertex of the other. */
  hausdorff: number;
}

async function compare(field: FieldEvaluator, res: number): Promise<Outcome> {
  const dense = meshFromField(await sampleGrid(field, res, BOUNDS, { batch: 65536 }), res, BOUNDS);
  const ours = await extractSurface(field, { finestResolution: res, coarseResolution: FIRST_LEVEL[res], bounds: BOUNDS, margin: 0, batch: 65536 });
  const found = connectedComponents(dense);
  return { found, lost: found - connectedComponents(ours.mesh), hausdorff: meshDistance(ours.mesh, dense, gridStep(res, BOUNDS)).hausdorff };
}

describe('coarse-to-fine loses no piece the dense grid finds', () => {
  const runs: [Kind, number, number][] = [];
  for (const kind of ['distance', 'logit'] as Kind[]) {
    for (let seed = 1; seed <= 40; seed++) runs.push([kind, 64, seed]);
    for (let seed = 101; seed <= 104; seed++) runs.push([kind, 128, seed]);
  }
  for (const kind of ['distance', 'logit'] as Kind[]) {
    it(`on ${kind}-like fields: every component, with the dense mesh's vertices`, async () => {
      const failures: string[] = [];
      let found = 0, lost = 0;
      for (const [k, res, seed] of runs) {
        if (k !== kind) continue;
        const { field, about } = randomField(seed, res, kind);
        const got = await compare(field, res);
        found += got.found;
        lost += got.lost;
        if (got.lost !== 0 || got.hausdorff > 1e-6) failures.push(`${res}³ seed ${seed} (${about}): ${got.lost} of ${got.found} lost, vertices off by ${got.hausdorff.toExponential(1)}`);
      }
      expect(found).toBeGreaterThan(100);
      expect({ lost, of: found, failures }).toEqual({ lost: 0, of: found, failures: [] });
    }, 60_000);
  }
});
