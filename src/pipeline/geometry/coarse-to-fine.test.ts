import { describe, expect, it } from 'vitest';
import { AbortError } from '../../leaf/abort';
import { extractSurface, type SurfaceOptions } from './coarse-to-fine';
import { box, fieldOf, meshDistance, type Shape, sphere, torus, union } from './coarse-to-fine-fields';
import { axisMap, growAcrossFaces, levelResolutions } from './coarse-to-fine-levels';
import { type FieldEvaluator, gridStep, sampleGrid } from './grid';
import { meshFromField } from './marching-cubes';
import { isWatertight, meshArea } from './mesh';
import { BitSet, floatBricks } from './sparse';

const BOUNDS = 1;
const FINEST = 96;
const VOXEL = gridStep(FINEST, BOUNDS);
const OPTS: SurfaceOptions = { finestResolution: FINEST, coarseResolution: 16, bounds: BOUNDS, margin: 0, batch: 16384 };

async function dense(field: FieldEvaluator, res = FINEST) {
  return meshFromField(await sampleGrid(field, res, BOUNDS, { batch: 65536 }), res, BOUNDS);
}

describe('levelResolutions', () => {
  it('halves the interval count down to the coarse resolution, and ends at the finest', () => {
    expect(levelResolutions(64, 16)).toEqual([17, 33, 64]);
    expect(levelResolutions(256, 32)).toEqual([33, 65, 129, 256]);
    expect(levelResolutions(96, 16)).toEqual([25, 49, 96]);
    expect(levelResolutions(12, 16)).toEqual([12]);
  });
});

describe('axisMap', () => {
  it('puts nested points exactly on coarse points and covers every coarse cell', () => {
    for (const [c, f] of [
      [17, 33],
      [129, 256],
    ]) {
      const m = axisMap(c, f);
      for (let i = 0; i < f; i++) {
        const u = (i * (c - 1)) / (f - 1);
        expect(m.cell[i] + m.weight[i]).toBeCloseTo(u, 5);
      }
      for (let k = 0; k < c - 1; k++) {
        expect(m.fineFirst[k]).toBeLessThanOrEqual(m.fineLast[k]);
        // The fine cells listed span the coarse cell.
        expect((m.fineFirst[k] * (c - 1)) / (f - 1)).toBeLessThanOrEqual(k);
        expect(((m.fineLast[k] + 1) * (c - 1)) / (f - 1)).toBeGreaterThanOrEqual(k + 1);
      }
    }
  });
});

describe('growAcrossFaces', () => {
  it('grows one straddling cell into every straddling cell of a connected surface, and nothing else', async () => {
    const R = 20,
      n = R - 1;
    const values = await sampleGrid(fieldOf(torus(0.55, 0.2)), R, BOUNDS, { batch: R ** 3 });
    const straddling = (id: number) => {
      const i = Math.floor(id / (n * n)),
        j = Math.floor(id / n) % n,
        k = id % n;
      let inside = 0;
      for (let c = 0; c < 8; c++) if (values[(i + (c >> 2)) * R * R + (j + ((c >> 1) & 1)) * R + k + (c & 1)] > 0) inside++;
      return inside > 0 && inside < 8;
    };
    const want = Array.from({ length: n ** 3 }, (_, id) => id).filter(straddling);
    expect(want.length).toBeGreaterThan(100);
    const stored = floatBricks(R);
    values.forEach((v, id) => stored.set(id, v));
    const active = new BitSet(n ** 3);
    active.add(want[0]);
    let rounds = 0;
    for (let front: Uint32Array = Uint32Array.of(want[0]); front.length; rounds++) front = growAcrossFaces(stored, R, front, active);
    expect(rounds).toBeGreaterThan(3);
    expect(Array.from(active.toArray())).toEqual(want);
  });
});

describe('extractSurface against the dense grid at the same finest resolution', () => {
  // Offset by half a coarsest step, so the plate's thin side falls between the first level's samples.
  const plateZ = gridStep(levelResolutions(FINEST, OPTS.coarseResolution)[0], BOUNDS) / 2;
  const plate: Shape = (x, y, z) => box(0.6, 0.45, 0.75 * VOXEL)(x, y, z - plateZ);
  // Fewest-queries factor without a margin: a sheet thinner than the first steps hides between samples
  // over its whole area, and the slope bound refines around all of it.
  const shapes: [string, Shape, number][] = [
    ['a sphere', sphere(0.55, 0.03, -0.02, 0.01), 8],
    ['a torus', torus(0.5, 0.18), 8],
    ['a thin plate 1.5 voxels thick', plate, 6],
    ['two touching spheres', union(sphere(0.35, -0.35), sphere(0.35, 0.35)), 8],
  ];

  for (const [name, shape, fewer] of shapes)
    for (const margin of [0, 1]) {
      it(`finds ${name} (margin ${margin}) with ≥ ${margin ? 5 : fewer}× fewer queries, with the dense mesh's vertices`, async () => {
        const field = fieldOf(shape);
        const want = await dense(field);
        const got = await extractSurface(field, { ...OPTS, margin });
        expect(meshArea(want)).toBeGreaterThan(0.5);
        const d = meshDistance(got.mesh, want, VOXEL);
        expect(d.hausdorff).toBeLessThan(1e-6);
        expect(isWatertight(got.mesh)).toBe(isWatertight(want));
        expect(Math.abs(meshArea(got.mesh) - meshArea(want))).toBeLessThan(1e-3 * meshArea(want));
        expect(got.queries * (margin ? 5 : fewer)).toBeLessThanOrEqual(FINEST ** 3);
        expect(got.levels).toEqual([25, 49, 96]);
      });
    }

  it('follows a thin rod out of a ball by surface tracking alone (no slope test, no margin)', async () => {
    // 1.6 voxels across: between the first levels' samples everywhere but at its root on the ball.
    const rod: Shape = (x, y, z) => Math.hypot(x - Math.min(Math.max(x, 0), 0.9), y - 0.013, z + 0.021) - 0.8 * VOXEL;
    const field = fieldOf(union(sphere(0.35), rod));
    const want = await dense(field);
    const got = await extractSurface(field, { ...OPTS, slack: 0 });
    const d = meshDistance(got.mesh, want, VOXEL);
    expect(d.hausdorff).toBeLessThanOrEqual(0.5 * VOXEL);
    expect(Math.abs(meshArea(got.mesh) - meshArea(want))).toBeLessThan(1e-3 * meshArea(want));
    expect(got.queries * 8).toBeLessThanOrEqual(FINEST ** 3);
  });

  it('misses the thin plate with the sign-change test alone, which is why the slope test exists', async () => {
    const got = await extractSurface(fieldOf(plate), { ...OPTS, slack: 0 });
    expect(meshArea(got.mesh)).toBe(0);
  });
});

describe('extractSurface mechanics', () => {
  it('asks at most `batch` points per call, counts what it asked, and reports progress up to 1', async () => {
    const field = fieldOf(sphere(0.4));
    let asked = 0,
      calls = 0;
    const counting: FieldEvaluator = (points, count) => {
      expect(count).toBeLessThanOrEqual(3000);
      expect(points.length).toBe(3 * count);
      asked += count;
      calls++;
      return field(points, count);
    };
    const fractions: number[] = [];
    const got = await extractSurface(counting, {
      finestResolution: 40,
      coarseResolution: 10,
      bounds: BOUNDS,
      margin: 1,
      batch: 3000,
      onProgress: (f) => fractions.push(f),
    });
    expect(got.evaluated).toBe(asked);
    expect(got.queries).toBeLessThanOrEqual(asked);
    expect(asked - got.queries).toBeLessThan(3000 * got.levels.length);
    expect(calls).toBeGreaterThan(got.levels.length);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.at(-1)).toBe(1);
    expect(meshDistance(got.mesh, await dense(field, 40), gridStep(40, BOUNDS)).hausdorff).toBeLessThan(1e-6);
  });

  it('samples every level over all its cells while no level shows a sign change, and gives an empty mesh', async () => {
    // Nothing measured bounds the slope then: a saturated logit is as flat far from a small hidden part
    // as it is with no part at all.
    const got = await extractSurface(fieldOf(sphere(-1)), { ...OPTS, finestResolution: 48 });
    expect(got.mesh.indices).toHaveLength(0);
    expect(got.levels).toEqual(levelResolutions(48, OPTS.coarseResolution));
    expect(got.cells).toBe(47 ** 3);
  });

  it('stops after the first level when nothing is inside and only sign changes count (slack 0)', async () => {
    const got = await extractSurface(fieldOf(sphere(-1)), { ...OPTS, finestResolution: 128, slack: 0 });
    expect(got.mesh.indices).toHaveLength(0);
    expect(got.queries).toBe(got.levels[0] ** 3);
    expect(got.levels).toHaveLength(1);
  });

  it('stops between batches when the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const field = fieldOf(sphere(0.5));
    const aborting: FieldEvaluator = (p, n) => {
      if (++calls === 3) controller.abort();
      return field(p, n);
    };
    await expect(extractSurface(aborting, { ...OPTS, batch: 1000, signal: controller.signal })).rejects.toThrow(AbortError);
    expect(calls).toBe(3);
  });

  it('refuses settings that are not whole numbers in range', async () => {
    const field = fieldOf(sphere(0.5));
    await expect(extractSurface(field, { ...OPTS, margin: -1 })).rejects.toThrow(/margin/);
    await expect(extractSurface(field, { ...OPTS, batch: 0 })).rejects.toThrow(/batch/);
    await expect(extractSurface(field, { ...OPTS, finestResolution: 2.5 })).rejects.toThrow(/finest/);
  });
});
