// Analytic occupancy fields (positive inside, iso level 0, scaled signed distances like SDF-trained
// logits) and a Chamfer distance between meshes: what the coarse-to-fine tests and bench measure with.
import { createRng } from '../random';
import type { FieldEvaluator } from './grid';
import type { Mesh } from './mesh';

/** Logit-like scale: the fields rise 10 units per unit of distance into the shape. */
const SCALE = 10;

// Math.hypot is several times slower than this in V8, and these run millions of times per test.
const len = (x: number, y: number, z = 0) => Math.sqrt(x * x + y * y + z * z);

export type Shape = (x: number, y: number, z: number) => number;

/** A field evaluator over a signed-distance shape (negative inside), as the query graph would give it. */
export function fieldOf(sdf: Shape): FieldEvaluator {
  return async (points, count) => {
    const out = new Float32Array(count);
    for (let n = 0; n < count; n++) out[n] = -SCALE * sdf(points[3 * n], points[3 * n + 1], points[3 * n + 2]);
    return out;
  };
}

export const sphere =
  (r: number, cx = 0, cy = 0, cz = 0): Shape =>
  (x, y, z) =>
    len(x - cx, y - cy, z - cz) - r;

/** Ring of radius `major` around the z axis with tube radius `minor`. */
export const torus =
  (major: number, minor: number): Shape =>
  (x, y, z) =>
    len(len(x, y) - major, z) - minor;

/** Axis-aligned box with half extents (hx, hy, hz), centred at the origin. */
export const box =
  (hx: number, hy: number, hz: number): Shape =>
  (x, y, z) => {
    const qx = Math.abs(x) - hx,
      qy = Math.abs(y) - hy,
      qz = Math.abs(z) - hz;
    return len(Math.max(qx, 0), Math.max(qy, 0), Math.max(qz, 0)) + Math.min(Math.max(qx, qy, qz), 0);
  };

export const union =
  (a: Shape, b: Shape): Shape =>
  (x, y, z) =>
    Math.min(a(x, y, z), b(x, y, z));

/**
 * For each vertex of `from`, the distance to the nearest vertex of `to`. A uniform hash grid with cells of
 * `cell` finds the nearest within one cell; a vertex with nothing that close falls back to a full scan, so
 * the answer is exact either way.
 */
function nearestDistances(from: Float32Array, to: Float32Array, cell: number): Float64Array {
  // Numeric keys (exact below 2^53) for cell coordinates within ±2^20.
  const id = (gx: number, gy: number, gz: number) => ((gx + 2 ** 20) * 2 ** 21 + gy + 2 ** 20) * 2 ** 21 + gz + 2 ** 20;
  const key = (x: number, y: number, z: number) => id(Math.floor(x / cell), Math.floor(y / cell), Math.floor(z / cell));
  const buckets = new Map<number, number[]>();
  for (let v = 0; v < to.length; v += 3) {
    const k = key(to[v], to[v + 1], to[v + 2]);
    const list = buckets.get(k);
    if (list) list.push(v);
    else buckets.set(k, [v]);
  }
  const out = new Float64Array(from.length / 3);
  for (let u = 0; u < from.length; u += 3) {
    const x = from[u],
      y = from[u + 1],
      z = from[u + 2];
    let best = Infinity;
    const gx = Math.floor(x / cell),
      gy = Math.floor(y / cell),
      gz = Math.floor(z / cell);
    for (let a = -1; a <= 1; a++) {
      for (let b = -1; b <= 1; b++) {
        for (let c = -1; c <= 1; c++) {
          for (const v of buckets.get(id(gx + a, gy + b, gz + c)) ?? []) {
            best = Math.min(best, len(to[v] - x, to[v + 1] - y, to[v + 2] - z));
          }
        }
      }
    }
    if (best > cell) for (let v = 0; v < to.length; v += 3) best = Math.min(best, len(to[v] - x, to[v + 1] - y, to[v + 2] - z));
    out[u / 3] = best;
  }
  return out;
}

export interface MeshDistance {
  /** Symmetric Chamfer distance: the mean nearest-vertex distance each way, averaged over both ways. */
  chamfer: number;
  /** The largest nearest-vertex distance either way (a Hausdorff distance over vertices). */
  hausdorff: number;
}

/** Vertex-to-vertex distances between two meshes; `cell` is a typical distance (a voxel is a good choice). */
export function meshDistance(a: Mesh, b: Mesh, cell: number): MeshDistance {
  if (a.positions.length === 0 || b.positions.length === 0) {
    const same = a.positions.length === b.positions.length;
    return { chamfer: same ? 0 : Infinity, hausdorff: same ? 0 : Infinity };
  }
  const ab = nearestDistances(a.positions, b.positions, cell);
  const ba = nearestDistances(b.positions, a.positions, cell);
  const mean = (d: Float64Array) => d.reduce((s, x) => s + x, 0) / d.length;
  const max = (d: Float64Array) => d.reduce((m, x) => Math.max(m, x), 0);
  return { chamfer: (mean(ab) + mean(ba)) / 2, hausdorff: Math.max(max(ab), max(ba)) };
}

/**
 * Logits that saturate, as an occupancy network's do: ±`magnitude` far from the surface, passing through 0
 * on it with a slope of magnitude / `width` (a tanh of the signed distance). Far from every surface such a
 * field is flat, so its samples there say nothing about how near the next surface is.
 */
export function saturatingFieldOf(sdf: Shape, magnitude: number, width: number): FieldEvaluator {
  return async (points, count) => {
    const out = new Float32Array(count);
    for (let n = 0; n < count; n++) out[n] = -magnitude * Math.tanh(sdf(points[3 * n], points[3 * n + 1], points[3 * n + 2]) / width);
    return out;
  };
}

/** The union of balls (centre xyz and radius each): a part with several small pieces. */
export function balls(list: { x: number; y: number; z: number; r: number }[]): Shape {
  return (x, y, z) => {
    let d = Infinity;
    for (const b of list) d = Math.min(d, len(x - b.x, y - b.y, z - b.z) - b.r);
    return d;
  };
}

export type BlobKind = 'distance' | 'logit';

/**
 * 3 to 6 balls of radius 1 to 10 voxels (`voxel`: the finest step) at random sub-voxel positions inside
 * the ±bounds box, and a field over them: a scaled distance, or a TripoSG-like logit of ±8 to ±30 that
 * passes through 0 over 0.5 to 3 voxels. `about` says which, for a failure message.
 */
export function randomBlobs(seed: number, voxel: number, bounds: number, kind: BlobKind): { field: FieldEvaluator; about: string } {
  const rng = createRng(seed);
  const list = Array.from({ length: 3 + Math.floor(4 * rng.next()) }, () => {
    const r = (1 + 9 * rng.next()) * voxel;
    const at = () => (2 * rng.next() - 1) * (bounds - r - 2 * voxel);
    return { x: at(), y: at(), z: at(), r };
  });
  const shape = balls(list);
  const radii = `radii ${list.map((b) => (b.r / voxel).toFixed(1)).join(', ')} voxels`;
  if (kind === 'distance') return { field: fieldOf(shape), about: radii };
  const magnitude = 8 + 22 * rng.next();
  const width = (0.5 + 2.5 * rng.next()) * voxel;
  return {
    field: saturatingFieldOf(shape, magnitude, width),
    about: `${radii}, ±${magnitude.toFixed(0)} over ${(width / voxel).toFixed(1)} voxels`,
  };
}
