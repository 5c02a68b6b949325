import { describe, expect, it } from 'vitest';
import { gridPoints, gridStep, sampleGrid } from './grid';
import { meshFromField, FieldShapeError } from './marching-cubes';
import { CASE_TRIANGLES } from './marching-tables';
import { connectedComponents, edgeReport, eulerCharacteristic, isWatertight, meshArea, meshVolume, triangleCount, type Mesh } from './mesh';

type Sdf = (x: number, y: number, z: number) => number;

/** Samples a signed function (positive inside) on the res³ grid, x slowest. */
function field(res: number, bounds: number, f: Sdf): Float32Array {
  const pts = gridPoints(res, bounds, 0, res ** 3);
  const out = new Float32Array(res ** 3);
  for (let n = 0; n < out.length; n++) out[n] = f(pts[3 * n], pts[3 * n + 1], pts[3 * n + 2]);
  return out;
}

const sphere =
  (cx: number, cy: number, cz: number, r: number): Sdf =>
  (x, y, z) =>
    r - Math.hypot(x - cx, y - cy, z - cz);

/** Every triangle's normal points away from `centre` (outward for a star-shaped solid around it). */
function outwardFraction(mesh: Mesh, centre: [number, number, number]): number {
  const { positions: p, indices: ix } = mesh;
  let outward = 0;
  for (let t = 0; t < ix.length; t += 3) {
    const [a, b, c] = [3 * ix[t], 3 * ix[t + 1], 3 * ix[t + 2]];
    const u = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
    const v = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const d = [0, 1, 2].map((i) => (p[a + i] + p[b + i] + p[c + i]) / 3 - centre[i]);
    if (n[0] * d[0] + n[1] * d[1] + n[2] * d[2] > 0) outward++;
  }
  return outward / (ix.length / 3);
}

describe('marching-cubes case table', () => {
  it('has no triangles for all-outside and all-inside cubes, and one for a single inside corner', () => {
    expect(CASE_TRIANGLES[0]).toHaveLength(0);
    expect(CASE_TRIANGLES[255]).toHaveLength(0);
    for (let c = 0; c < 8; c++) expect(CASE_TRIANGLES[1 << c]).toHaveLength(3);
  });

  it('closes every single-cube case: each case alone is a watertight surface when padded outside', () => {
    // A 4³ grid whose inner 2³ corners follow the case's bits: the whole surface stays inside the grid.
    for (let mask = 1; mask < 256; mask++) {
      const values = new Float32Array(64).fill(-1);
      for (let c = 0; c < 8; c++) {
        const at = ((1 + (c & 1)) * 4 + 1 + ((c >> 1) & 1)) * 4 + 1 + ((c >> 2) & 1);
        values[at] = (mask >> c) & 1 ? 1 : -1;
      }
      const mesh = meshFromField(values, 4, 1);
      expect(isWatertight(mesh), `case ${mask}`).toBe(true);
      expect(meshVolume(mesh), `case ${mask}`).toBeGreaterThan(0);
    }
  });
});

describe('meshFromField on analytic fields', () => {
  it('meshes a sphere of radius 0.5 at 64³ with the right volume and area, closed and facing out', () => {
    const mesh = meshFromField(field(64, 1, sphere(0, 0, 0, 0.5)), 64, 1);
    const volume = (4 / 3) * Math.PI * 0.5 ** 3;
    const area = 4 * Math.PI * 0.5 ** 2;
    expect(Math.abs(meshVolume(mesh) - volume) / volume).toBeLessThan(0.01);
    expect(Math.abs(meshArea(mesh) - area) / area).toBeLessThan(0.01);
    expect(edgeReport(mesh)).toMatchObject({ boundary: 0, nonManifold: 0, misoriented: 0 });
    expect(isWatertight(mesh)).toBe(true);
    expect(outwardFraction(mesh, [0, 0, 0])).toBe(1);
    expect(eulerCharacteristic(mesh)).toBe(2);
    // Vertices lie on the sphere up to the chord error of linear interpolation.
    const h = gridStep(64, 1);
    for (let v = 0; v < mesh.positions.length; v += 3) {
      const r = Math.hypot(mesh.positions[v], mesh.positions[v + 1], mesh.positions[v + 2]);
      expect(Math.abs(r - 0.5)).toBeLessThan(h / 2);
    }
  });

  it('meshes a torus as one closed piece of genus one', () => {
    const [R, r] = [0.55, 0.2];
    const torus: Sdf = (x, y, z) => r - Math.hypot(Math.hypot(x, z) - R, y);
    const mesh = meshFromField(field(64, 1, torus), 64, 1);
    expect(isWatertight(mesh)).toBe(true);
    expect(connectedComponents(mesh)).toBe(1);
    expect(eulerCharacteristic(mesh)).toBe(0);
    const volume = 2 * Math.PI ** 2 * R * r * r;
    expect(Math.abs(meshVolume(mesh) - volume) / volume).toBeLessThan(0.02);
  });

  it('meshes two separate spheres as two closed components', () => {
    const a = sphere(-0.45, 0.1, 0, 0.3);
    const b = sphere(0.5, -0.2, 0.1, 0.25);
    const mesh = meshFromField(
      field(48, 1, (x, y, z) => Math.max(a(x, y, z), b(x, y, z))),
      48,
      1,
    );
    expect(isWatertight(mesh)).toBe(true);
    expect(connectedComponents(mesh)).toBe(2);
    expect(eulerCharacteristic(mesh)).toBe(4);
    const volume = (4 / 3) * Math.PI * (0.3 ** 3 + 0.25 ** 3);
    expect(Math.abs(meshVolume(mesh) - volume) / volume).toBeLessThan(0.03);
  });

  it('stays closed where the field has exact zeros and saddle faces (a blocky field)', () => {
    // Integer-valued noise: exact zeros on corners and many ambiguous faces, the cases that crack tables.
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) % 3;
    const res = 16;
    const values = new Float32Array(res ** 3).map((_, n) => {
      const i = Math.floor(n / res ** 2),
        j = Math.floor(n / res) % res,
        k = n % res;
      const border = [i, j, k].some((q) => q === 0 || q === res - 1);
      return border ? -1 : rand() - 1;
    });
    const mesh = meshFromField(values, res, 1);
    expect(triangleCount(mesh)).toBeGreaterThan(100);
    expect(edgeReport(mesh)).toMatchObject({ boundary: 0, nonManifold: 0, misoriented: 0 });
    expect(meshVolume(mesh)).toBeGreaterThan(0);
  });

  it('keeps every vertex finite and the surface closed when some logits are NaN or infinite', () => {
    const res = 32;
    const values = field(res, 1, sphere(0, 0, 0, 0.5));
    // Samples just inside and just outside the surface, where the broken values cut surface edges.
    const h = gridStep(res, 1);
    const pts = gridPoints(res, 1, 0, res ** 3);
    let replaced = 0;
    for (let n = 0; n < values.length; n++) {
      const r = Math.hypot(pts[3 * n], pts[3 * n + 1], pts[3 * n + 2]);
      if (Math.abs(r - 0.5) > h) continue;
      const pick = replaced++ % 3;
      values[n] = pick === 0 ? Number.NaN : pick === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    }
    expect(replaced).toBeGreaterThan(100);
    const mesh = meshFromField(values, res, 1);
    expect(mesh.positions.every(Number.isFinite)).toBe(true);
    expect(edgeReport(mesh)).toMatchObject({ boundary: 0, nonManifold: 0, misoriented: 0 });
    expect(meshArea(mesh)).toBeGreaterThan(0.5 * 4 * Math.PI * 0.25);
  });

  it('returns an empty mesh for an all-negative field', () => {
    const mesh = meshFromField(new Float32Array(20 ** 3).fill(-3), 20, 1);
    expect(mesh.positions).toHaveLength(0);
    expect(mesh.indices).toHaveLength(0);
    expect(meshArea(mesh)).toBe(0);
  });

  it('refuses a field whose size does not match the grid', () => {
    expect(() => meshFromField(new Float32Array(10), 3, 1)).toThrow(FieldShapeError);
  });
});

describe('dense grid sampling', () => {
  it('orders points x slowest, z fastest, from −bounds to +bounds', () => {
    const p = gridPoints(3, 1.5, 0, 27);
    expect([...p.slice(0, 6)]).toEqual([-1.5, -1.5, -1.5, -1.5, -1.5, 0]);
    expect([...p.slice(3 * 3, 3 * 3 + 3)]).toEqual([-1.5, 0, -1.5]);
    expect([...p.slice(3 * 9, 3 * 9 + 3)]).toEqual([0, -1.5, -1.5]);
    expect([...p.slice(3 * 26)]).toEqual([1.5, 1.5, 1.5]);
  });

  it('gives the same values whatever the batch size, padding the last batch to full size', async () => {
    const f = sphere(0.1, 0, -0.2, 0.4);
    const sizes: number[] = [];
    const evaluate = async (pts: Float32Array, count: number) => {
      sizes.push(count);
      return Float32Array.from({ length: count }, (_, n) => f(pts[3 * n], pts[3 * n + 1], pts[3 * n + 2]));
    };
    const whole = await sampleGrid(evaluate, 9, 1, { batch: 10_000 });
    sizes.length = 0;
    const steps: number[] = [];
    const batched = await sampleGrid(evaluate, 9, 1, { batch: 100, onBatch: (done) => steps.push(done) });
    expect(batched).toEqual(whole);
    expect(whole).toEqual(field(9, 1, f));
    expect(new Set(sizes)).toEqual(new Set([100]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
