import { describe, expect, it } from 'vitest';
import { fieldOf, meshDistance, torus } from './coarse-to-fine-fields';
import { gridStep, sampleGrid } from './grid';
import { meshFromCells } from './marching-cells';
import { meshFromField } from './marching-cubes';
import { isWatertight, meshArea } from './mesh';
import { BitSet, floatMap, intMap } from './sparse';

describe('IdMap', () => {
  it('keeps every value through growth, including ids that collide in the table', () => {
    const m = floatMap(4);
    const ids = Array.from({ length: 5000 }, (_, n) => (n * 2 ** 20 + n * 7) >>> 0); // same low bits, spread high
    ids.forEach((id, n) => m.set(id, n / 2));
    ids.forEach((id, n) => expect(m.get(id)).toBe(n / 2));
    expect(m.size).toBe(5000);
    m.set(ids[3], -1);
    expect(m.get(ids[3])).toBe(-1);
    expect(m.size).toBe(5000);
    expect(m.has(123)).toBe(false);
    expect(m.get(123)).toBeNaN();
    expect(intMap().get(9, -1)).toBe(-1);
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
    const R = 40, n = R - 1;
    const dense = await sampleGrid(fieldOf(torus(0.5, 0.2)), R, 1, { batch: R ** 3 });
    const values = floatMap(R ** 3);
    dense.forEach((v, id) => values.set(id, v));
    const want = meshFromField(dense, R, 1);
    const all = Uint32Array.from({ length: n ** 3 }, (_, id) => id);
    const got = meshFromCells(values, R, 1, all);
    expect(got.indices.length).toBe(want.indices.length);
    expect(meshDistance(got, want, gridStep(R, 1)).hausdorff).toBe(0);
    const straddling = all.filter((id) => {
      const i = Math.floor(id / (n * n)), j = Math.floor(id / n) % n, k = id % n;
      let inside = 0;
      for (let c = 0; c < 8; c++) if (dense[(i + (c >> 2)) * R * R + (j + ((c >> 1) & 1)) * R + k + (c & 1)] > 0) inside++;
      return inside > 0 && inside < 8;
    });
    const band = meshFromCells(values, R, 1, straddling);
    expect(meshArea(band)).toBeCloseTo(meshArea(want), 10);
    expect(isWatertight(band)).toBe(true);
  });
});
