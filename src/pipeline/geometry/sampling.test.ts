import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { gridPoints, gridStep } from './grid';
import { meshFromField } from './marching-cubes';
import { meshArea, type Mesh } from './mesh';
import { allocateCounts, cumulativeAreas, samplePoints, sampleSurface, searchCumulative } from './sampling';

const RES = 48;
const BOUNDS = 1;

interface Ball {
  centre: [number, number, number];
  radius: number;
}

function ballMesh({ centre: [cx, cy, cz], radius }: Ball): Mesh {
  const pts = gridPoints(RES, BOUNDS, 0, RES ** 3);
  const values = new Float32Array(RES ** 3).map((_, n) => radius - Math.hypot(pts[3 * n] - cx, pts[3 * n + 1] - cy, pts[3 * n + 2] - cz));
  return meshFromField(values, RES, BOUNDS);
}

const balls: Ball[] = [
  { centre: [-0.5, 0, 0], radius: 0.15 },
  { centre: [0.3, 0.4, 0], radius: 0.3 },
  { centre: [0.2, -0.45, 0.3], radius: 0.4 },
];
const meshes = balls.map(ballMesh);

describe('allocating points to parts', () => {
  it('splits a total in proportion to the weights, summing exactly', () => {
    expect(allocateCounts([1, 1, 2], 8)).toEqual([2, 2, 4]);
    expect(allocateCounts([1, 1, 1], 10).reduce((a, b) => a + b)).toBe(10);
    expect(allocateCounts([0, 3, 0, 1], 7)).toEqual([0, 5, 0, 2]);
    expect(allocateCounts([0, 0], 5)).toEqual([0, 0]);
  });

  it('finds the triangle whose cumulative area first exceeds a draw', () => {
    const c = Float64Array.of(1, 1, 3, 6);
    expect([0, 0.99, 1, 2.5, 3, 5.99].map((x) => searchCumulative(c, x))).toEqual([0, 0, 2, 2, 3, 3]);
  });
});

describe('area-weighted surface sampling', () => {
  const pointCount = 20_000;
  const sampled = samplePoints(meshes, pointCount, 7);

  it('gives each part a share of points within 3σ of its share of the analytic area', () => {
    const areas = balls.map((b) => 4 * Math.PI * b.radius ** 2);
    const sum = areas.reduce((a, b) => a + b);
    expect(sampled.positions).toHaveLength(3 * pointCount);
    for (let p = 0; p < balls.length; p++) {
      const count = sampled.partIds.filter((id) => id === p).length;
      expect(count).toBe(sampled.counts[p]);
      const share = areas[p] / sum;
      const sigma = Math.sqrt(pointCount * share * (1 - share));
      expect(Math.abs(count - pointCount * share)).toBeLessThan(3 * sigma);
    }
  });

  it('puts every point on the surface of its own part', () => {
    const halfVoxel = gridStep(RES, BOUNDS) / 2;
    let worst = 0;
    for (let n = 0; n < pointCount; n++) {
      const { centre, radius } = balls[sampled.partIds[n]];
      const [x, y, z] = [0, 1, 2].map((d) => sampled.positions[3 * n + d] - centre[d]);
      worst = Math.max(worst, Math.abs(Math.hypot(x, y, z) - radius));
    }
    expect(worst).toBeLessThan(halfVoxel);
  });

  it('spreads points evenly over a part: each octant of a ball gets about an eighth', () => {
    const { centre } = balls[2];
    const octants = new Array<number>(8).fill(0);
    let total = 0;
    for (let n = 0; n < pointCount; n++) {
      if (sampled.partIds[n] !== 2) continue;
      const bits = [0, 1, 2].map((d) => (sampled.positions[3 * n + d] > centre[d] ? 1 << d : 0));
      octants[bits[0] | bits[1] | bits[2]]++;
      total++;
    }
    const sigma = Math.sqrt(total * (1 / 8) * (7 / 8));
    for (const c of octants) expect(Math.abs(c - total / 8)).toBeLessThan(4 * sigma);
  });

  it('draws triangles by area: a quad split into a big and a small triangle gets points in that ratio', () => {
    // Triangle 0 has area 0.5·3·1, triangle 1 has area 0.5·1·1, both in the z = 0 plane.
    const quad: Mesh = { positions: Float32Array.of(0, 0, 0, 3, 0, 0, 3, 1, 0, 4, 1, 0), indices: Uint32Array.of(0, 1, 2, 1, 3, 2) };
    expect([...cumulativeAreas(quad)]).toEqual([1.5, 2]);
    const n = 8000;
    const out = new Float32Array(3 * n);
    sampleSurface(quad, n, createRng(3), out);
    // Points of the small triangle all have x > 3 (apart from its edge), those of the big one x ≤ 3.
    let small = 0;
    for (let i = 0; i < n; i++) if (out[3 * i] > 3) small++;
    const sigma = Math.sqrt(n * 0.25 * 0.75);
    expect(Math.abs(small - n * 0.25)).toBeLessThan(3 * sigma);
  });

  it('gives the same points for the same seed and different points for another seed', () => {
    const again = samplePoints(meshes, pointCount, 7);
    expect(again.positions).toEqual(sampled.positions);
    expect(again.partIds).toEqual(sampled.partIds);
    const other = samplePoints(meshes, pointCount, 8);
    expect(other.positions).not.toEqual(sampled.positions);
  });

  it('gives parts without area no points', () => {
    const empty: Mesh = { positions: new Float32Array(0), indices: new Uint32Array(0) };
    const result = samplePoints([meshes[0], empty, meshes[1]], 1000, 1);
    expect(result.counts[1]).toBe(0);
    expect(result.counts[0] + result.counts[2]).toBe(1000);
    expect(result.counts[0] / result.counts[2]).toBeCloseTo(meshArea(meshes[0]) / meshArea(meshes[1]), 2);
  });
});
