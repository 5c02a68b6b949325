import { describe, expect, it } from 'vitest';
import { fieldOf, meshDistance, torus } from './coarse-to-fine-fields';
import { gridStep, sampleGrid } from './grid';
import { meshFromCells } from './marching-cells';
import { meshFromField } from './marching-cubes';
import { isWatertight, meshArea } from './mesh';
import { BitSet, Bricks, floatBricks } from './sparse';

describe('Bricks', () => {
  it('keeps every point apart through growth, in every lane, on a lattice that is no multiple of 8', () => {
    const R = 37;
    const m = new Bricks(R, (n) => new Float32Array(n), NaN, 3, 1);
    const ids = Array.from({ length: 4000 }, (_, n) => (n * 7919) % R ** 3);
    ids.forEach((id, n) => m.set(id, n, n % 3));
    ids.forEach((id, n) => expect(m.get(id, n % 3)).toBe(n));
    expect(m.get(R ** 3 - 1, 1)).toBeNaN();
    expect(m.has(ids[0])).toBe(true);
    const ints = new Bricks(R, (n) => new Int32Array(n), -1);
    expect(ints.get(5)).toBe(-1);
    ints.set(5, 0);
    expect([ints.get(5), ints.has(5), ints.has(6)]).toEqual([0, true, false]);
    expect(floatBricks(R).get(0)).toBeNaN();
  });
});

describe('BitSet', () => {
  it('adds once and lists its members in ascending order', () => {
    const s = new BitSet(100);
    for (const id of [99, 0, 31, 32, 64, 31]) s.add(id);
    expect(s.add(0)).toBe(false);
    expect(s.has(32)).toBe(true);
    expect(s.has(33)).toBe(false);
    expect(Array.from(s.toArray())).toEqual([0, 31, 32, 64, 99]);
  });
});

describe('meshFromCells', () => {
  it('gives the dense mesh when every cell is listed, and the same surface from the straddling cells alone', async () => {
    const R = 40,
      n = R - 1;
    const dense = await sampleGrid(fieldOf(torus(0.5, 0.2)), R, 1, { batch: R ** 3 });
    const values = floatBricks(R);
    dense.forEach((v, id) => values.set(id, v));
    const want = meshFromField(dense, R, 1);
    const all = Uint32Array.from({ length: n ** 3 }, (_, id) => id);
    const got = meshFromCells(values, R, 1, all);
    expect(got.indices.length).toBe(want.indices.length);
    expect(meshDistance(got, want, gridStep(R, 1)).hausdorff).toBe(0);
    const straddling = all.filter((id) => {
      const i = Math.floor(id / (n * n)),
        j = Math.floor(id / n) % n,
        k = id % n;
      let inside = 0;
      for (let c = 0; c < 8; c++) if (dense[(i + (c >> 2)) * R * R + (j + ((c >> 1) & 1)) * R + k + (c & 1)] > 0) inside++;
      return inside > 0 && inside < 8;
    });
    const band = meshFromCells(values, R, 1, straddling);
    expect(meshArea(band)).toBeCloseTo(meshArea(want), 10);
    expect(isWatertight(band)).toBe(true);
  });
});
