// Area-weighted surface sampling across parts: a part with twice the surface gets twice the points, and
// inside a part every unit of area is equally likely, so density looks even over the whole object.
import { createRng, type Rng } from '../random';
import { type Mesh, triangleAreas } from './mesh';

/**
 * Splits `total` into whole counts proportional to `weights` (largest remainder): the shares are exact to
 * within one point, and the split is deterministic, unlike a multinomial draw.
 */
export function allocateCounts(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return weights.map(() => 0);
  const quotas = weights.map((w) => (w / sum) * total);
  const counts = quotas.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = quotas.map((q, i) => i).sort((a, b) => quotas[b] - counts[b] - (quotas[a] - counts[a]) || a - b);
  for (const i of byRemainder) {
    if (left <= 0) break;
    if (weights[i] > 0) {
      counts[i]++;
      left--;
    }
  }
  return counts;
}

/** Running sum of triangle areas: a uniform draw in [0, total) picks a triangle by binary search. */
export function cumulativeAreas(mesh: Mesh): Float64Array {
  const areas = triangleAreas(mesh);
  for (let t = 1; t < areas.length; t++) areas[t] += areas[t - 1];
  return areas;
}

/** Index of the first entry of the non-decreasing `cumulative` that is greater than `x`. */
export function searchCumulative(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Writes `count` uniform surface points of `mesh` into `out` from point index `offset` on. */
export function sampleSurface(mesh: Mesh, count: number, rng: Rng, out: Float32Array, offset = 0): void {
  if (count === 0) return;
  const cumulative = cumulativeAreas(mesh);
  const total = cumulative[cumulative.length - 1];
  if (!(total > 0)) throw new Error('sampleSurface: the mesh has no area to sample');
  const { positions: p, indices: ix } = mesh;
  for (let n = 0; n < count; n++) {
    const t = searchCumulative(cumulative, rng.next() * total);
    const a = 3 * ix[3 * t],
      b = 3 * ix[3 * t + 1],
      c = 3 * ix[3 * t + 2];
    // Folding the unit square onto the triangle keeps the barycentric draw uniform without rejection.
    let u = rng.next();
    let v = rng.next();
    if (u + v > 1) {
      u = 1 - u;
      v = 1 - v;
    }
    const o = 3 * (offset + n);
    for (let d = 0; d < 3; d++) out[o + d] = p[a + d] + u * (p[b + d] - p[a + d]) + v * (p[c + d] - p[a + d]);
  }
}

export interface SampledPoints {
  positions: Float32Array;
  /** Index into `meshes` per point. */
  partIds: Uint8Array;
  /** Points per part. */
  counts: number[];
}

/** `pointCount` points over all meshes together, grouped by part in part order; same seed, same points. */
export function samplePoints(meshes: readonly Mesh[], pointCount: number, seed: number): SampledPoints {
  if (meshes.length > 256) throw new RangeError(`At most 256 parts fit a Uint8 part id (got ${meshes.length}).`);
  const areas = meshes.map((m) => cumulativeAreas(m).at(-1) ?? 0);
  const counts = allocateCounts(areas, pointCount);
  const total = counts.reduce((a, b) => a + b, 0);
  const positions = new Float32Array(3 * total);
  const partIds = new Uint8Array(total);
  const rng = createRng(seed);
  let offset = 0;
  meshes.forEach((mesh, part) => {
    sampleSurface(mesh, counts[part], rng, positions, offset);
    partIds.fill(part, offset, offset + counts[part]);
    offset += counts[part];
  });
  return { positions, partIds, counts };
}
