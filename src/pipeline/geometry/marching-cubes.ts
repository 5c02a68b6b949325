// Marching cubes over a dense scalar field: positive = inside, iso level 0 (the TripoSG occupancy
// convention, docs/models/partcrafter.md §6). Vertices are shared between the cubes that meet at an edge,
// and the case table (marching-tables.ts) resolves ambiguous faces the same way from both sides, so a
// surface that stays inside the grid comes out closed and consistently wound.
import { CASE_EDGES, CASE_TRIANGLES, CORNER_OFFSETS, CUBE_EDGES } from './marching-tables';
import type { Mesh } from './mesh';

export class FieldShapeError extends Error {
  override name = 'FieldShapeError';
}

/**
 * A typed array that doubles when full: meshes of a 256³ grid can hold millions of vertices, and the
 * lattice ids coarse-to-fine gathers stay unboxed.
 */
export class Growable<T extends Float32Array | Uint32Array> {
  length = 0;
  constructor(public data: T) {}
  private room(n: number): void {
    if (this.length + n > this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(1024, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
  }
  push(a: number): void {
    this.room(1);
    this.data[this.length++] = a;
  }
  push3(a: number, b: number, c: number): void {
    this.room(3);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/**
 * Where the field crosses 0 along an edge, as a fraction from the first end: the linear zero (one end is
 * > 0 and the other ≤ 0, so v0 ≠ v1). A NaN or infinite logit (an fp16 overflow) would give a NaN vertex,
 * whose NaN area then makes the whole part look empty downstream, so such edges are cut at their clamped
 * or middle point instead.
 */
export function edgeZero(v0: number, v1: number): number {
  const t = v0 / (v0 - v1);
  if (t >= 0 && t <= 1) return t;
  return v0 === Infinity ? 1 : v1 === Infinity ? 0 : Number.isNaN(t) ? 0.5 : Math.min(1, Math.max(0, t));
}

/**
 * The iso-0 surface of `values`, sampled on res³ points spanning [−bounds, bounds]³: index
 * (i·res + j)·res + k is the point (x_i, y_j, z_k), x slowest, step 2·bounds/(res − 1).
 * A value > 0 is inside; exactly 0 counts as outside, so no vertex sits on an ambiguous sign.
 */
export function meshFromField(values: Float32Array, res: number, bounds: number): Mesh {
  if (!Number.isInteger(res) || res < 2) throw new FieldShapeError(`The grid needs at least 2 samples per axis (got ${res}).`);
  if (values.length !== res * res * res) {
    throw new FieldShapeError(`A ${res}³ grid has ${res * res * res} values, but the field has ${values.length}.`);
  }
  const R = res;
  const RR = R * R;
  const step = (2 * bounds) / (R - 1);
  const positions = new Growable(new Float32Array(3 * 1024));
  const indices = new Growable(new Uint32Array(3 * 1024));
  let vertexCount = 0;

  // Vertex ids of edges already cut, kept for one slab x ∈ [i, i+1] only: x edges of the slab, and y/z
  // edges of its two bounding planes. The far plane becomes the near plane of the next slab.
  const xEdges = new Int32Array(RR);
  let nearPlane = new Int32Array(2 * RR).fill(-1);
  let farPlane = new Int32Array(2 * RR).fill(-1);
  const cornerIndex = CORNER_OFFSETS.map(([dx, dy, dz]) => dx * RR + dy * R + dz);
  const cubeVertex = new Int32Array(12);

  const vertexOn = (edge: number, i: number, j: number, k: number): number => {
    const e = CUBE_EDGES[edge];
    const [dx, dy, dz] = CORNER_OFFSETS[e.from];
    const gi = i + dx,
      gj = j + dy,
      gk = k + dz;
    const slot = gj * R + gk;
    const cache = e.axis === 0 ? xEdges : dx ? farPlane : nearPlane;
    const at = e.axis === 0 ? slot : 2 * slot + e.axis - 1;
    if (cache[at] >= 0) return cache[at];
    const base = gi * RR + slot;
    const v0 = values[base];
    const v1 = values[base + (e.axis === 0 ? RR : e.axis === 1 ? R : 1)];
    const t = edgeZero(v0, v1);
    const x = -bounds + (gi + (e.axis === 0 ? t : 0)) * step;
    const y = -bounds + (gj + (e.axis === 1 ? t : 0)) * step;
    const z = -bounds + (gk + (e.axis === 2 ? t : 0)) * step;
    positions.push3(x, y, z);
    cache[at] = vertexCount;
    return vertexCount++;
  };

  for (let i = 0; i + 1 < R; i++) {
    xEdges.fill(-1);
    for (let j = 0; j + 1 < R; j++) {
      for (let k = 0; k + 1 < R; k++) {
        const base = i * RR + j * R + k;
        let mask = 0;
        for (let c = 0; c < 8; c++) if (values[base + cornerIndex[c]] > 0) mask |= 1 << c;
        if (mask === 0 || mask === 255) continue;
        for (const edge of CASE_EDGES[mask]) cubeVertex[edge] = vertexOn(edge, i, j, k);
        const tris = CASE_TRIANGLES[mask];
        for (let t = 0; t < tris.length; t += 3) {
          indices.push3(cubeVertex[tris[t]], cubeVertex[tris[t + 1]], cubeVertex[tris[t + 2]]);
        }
      }
    }
    [nearPlane, farPlane] = [farPlane, nearPlane.fill(-1)];
  }
  return { positions: positions.done(), indices: indices.done() };
}
