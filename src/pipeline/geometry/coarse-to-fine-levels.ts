// The lattice bookkeeping of coarse-to-fine extraction: which resolutions are visited, how a level's
// cells map onto the next level's, which cells may hold surface, which points must be asked for, and how
// the band follows the surface. Every level is a grid.ts lattice (res points spanning [−bounds, bounds],
// x slowest), so the finest level is exactly the dense grid. Values are sparse (sparse.ts): a level holds
// real values at the corners of its active cells and nothing else.
import { WHOLE_CELL } from './coarse-to-fine-band';
import { Growable } from './marching-cubes';
import { BitSet, type Bricks } from './sparse';

/**
 * Resolutions from coarse to fine, each about twice the previous in intervals, ending at `finest`.
 * Halving the interval count (rounding up) keeps the coarsest level at ≥ `coarse` samples per axis.
 * When an interval count is odd (256 → 129) the two lattices do not nest; the maps below handle both.
 */
export function levelResolutions(finest: number, coarse: number): number[] {
  const intervals = [finest - 1];
  while (Math.ceil(intervals[0] / 2) >= Math.max(1, coarse - 1)) intervals.unshift(Math.ceil(intervals[0] / 2));
  return intervals.map((n) => n + 1);
}

/** How one axis of a fine lattice sits on one axis of a coarse lattice (same bounds). */
export interface AxisMap {
  /** Per fine point: the coarse cell that holds it, and its fractional position in that cell. */
  cell: Int32Array;
  weight: Float32Array;
  /** Per coarse cell: the first and last fine cell that overlap its interior. */
  fineFirst: Int32Array;
  fineLast: Int32Array;
  /** Per coarse cell: the last fine cell overlapping its lower half, and the first overlapping its upper half. */
  lowLast: Int32Array;
  highFirst: Int32Array;
}

export function axisMap(coarseRes: number, fineRes: number): AxisMap {
  const nc = coarseRes - 1,
    nf = fineRes - 1;
  const cell = new Int32Array(fineRes);
  const weight = new Float32Array(fineRes);
  for (let i = 0; i < fineRes; i++) {
    // Integer numerators keep coincident points exact (weight 0), so their values copy over unchanged.
    const c = Math.min(Math.floor((i * nc) / nf), nc - 1);
    cell[i] = c;
    weight[i] = (i * nc - c * nf) / nf;
  }
  const fineFirst = new Int32Array(nc).fill(nf);
  const fineLast = new Int32Array(nc).fill(-1);
  for (let i = 0; i < nf; i++) {
    // Fine cell i spans coarse coordinates [i·nc/nf, (i+1)·nc/nf]; it overlaps coarse cell c's interior
    // when that span meets (c, c+1).
    const lo = Math.floor((i * nc) / nf);
    const hi = Math.min(Math.ceil(((i + 1) * nc) / nf) - 1, nc - 1);
    for (let c = lo; c <= hi; c++) {
      fineFirst[c] = Math.min(fineFirst[c], i);
      fineLast[c] = Math.max(fineLast[c], i);
    }
  }
  // Fine cell i overlaps the lower half (c, c + ½) when i·nc/nf < c + ½, the upper (c + ½, c + 1) when
  // (i + 1)·nc/nf > c + ½.
  const lowLast = new Int32Array(nc),
    highFirst = new Int32Array(nc);
  for (let c = 0; c < nc; c++) {
    lowLast[c] = Math.min(Math.ceil(((2 * c + 1) * nf) / (2 * nc)) - 1, fineLast[c]);
    highFirst[c] = Math.max(Math.floor(((2 * c + 1) * nf) / (2 * nc)), fineFirst[c]);
  }
  return { cell, weight, fineFirst, fineLast, lowLast, highFirst };
}

/** Grows a cell mask (n³, x slowest) by `radius` cells in every direction (a Chebyshev ball), in place. */
export function dilate(mask: Uint8Array, n: number, radius: number): Uint8Array {
  if (radius <= 0) return mask;
  const strides = [n * n, n, 1];
  let src = mask;
  for (const stride of strides) {
    const dst = new Uint8Array(src);
    for (let id = 0; id < src.length; id++) {
      if (!src[id]) continue;
      // Position along this axis, and the bounds of the line through it.
      const at = Math.floor(id / stride) % n;
      const from = Math.max(0, at - radius),
        to = Math.min(n - 1, at + radius);
      for (let a = from; a <= to; a++) dst[id + (a - at) * stride] = 1;
    }
    src = dst;
  }
  mask.set(src);
  return mask;
}

/**
 * The set of fine cells (ids on the fine lattice) overlapping the marked octants of the coarse cells
 * (bandOctants: bit 4a + 2b + d is the octant at corner (a, b, d), WHOLE_CELL the whole cell), and how many.
 */
export function refinedCells(octants: Uint8Array, coarseRes: number, fineRes: number, map: AxisMap): { set: BitSet; count: number } {
  const nc = coarseRes - 1,
    nf = fineRes - 1,
    ncc = nc * nc;
  const set = new BitSet(nf * nf * nf);
  const { fineFirst, fineLast, lowLast, highFirst } = map;
  let count = 0;
  const mark = (i0: number, i1: number, j0: number, j1: number, k0: number, k1: number) => {
    for (let a = i0; a <= i1; a++) {
      for (let b = j0; b <= j1; b++) {
        const row = (a * nf + b) * nf;
        for (let c = k0; c <= k1; c++) if (set.add(row + c)) count++;
      }
    }
  };
  for (let id = 0; id < octants.length; id++) {
    const m = octants[id];
    if (!m) continue;
    const i = Math.floor(id / ncc),
      j = Math.floor(id / nc) % nc,
      k = id % nc;
    if (m === WHOLE_CELL) {
      mark(fineFirst[i], fineLast[i], fineFirst[j], fineLast[j], fineFirst[k], fineLast[k]);
      continue;
    }
    for (let o = 0; o < 8; o++) {
      if (!(m & (1 << o))) continue;
      // The upper or lower half of the coarse cell along each axis.
      mark(
        o & 4 ? highFirst[i] : fineFirst[i],
        o & 4 ? fineLast[i] : lowLast[i],
        o & 2 ? highFirst[j] : fineFirst[j],
        o & 2 ? fineLast[j] : lowLast[j],
        o & 1 ? highFirst[k] : fineFirst[k],
        o & 1 ? fineLast[k] : lowLast[k],
      );
    }
  }
  return { set, count };
}

/** The previous level, from which points that coincide with its lattice take their values. */
export interface CoarserLevel {
  values: Bricks;
  res: number;
  map: AxisMap;
}

/**
 * The lattice points (ids, x slowest) at the corners of `cells` that `values` holds nothing for yet.
 * A point that coincides with a point of the coarser level (the lattices nest) where that level holds a
 * real value copies it; the others are returned, and claimed in `values` with NaN until they are asked,
 * so a point is never asked for twice.
 */
export function pointsToQuery(cells: Uint32Array, fineRes: number, values: Bricks, coarser?: CoarserLevel): Uint32Array {
  const F = fineRes,
    FF = F * F,
    n = F - 1;
  // Per fine index: the coarse index it coincides with, or −1.
  const on = (a: number) => {
    if (!coarser) return -1;
    const w = coarser.map.weight[a];
    return w === 0 ? coarser.map.cell[a] : w === 1 ? coarser.map.cell[a] + 1 : -1;
  };
  const nested = new Int32Array(F);
  for (let a = 0; a < F; a++) nested[a] = on(a);
  const ids = new Growable(new Uint32Array(1024));
  for (const id of cells) {
    const i = Math.floor(id / (n * n)),
      j = Math.floor(id / n) % n,
      k = id % n;
    for (let c = 0; c < 8; c++) {
      const a = i + (c >> 2),
        b = j + ((c >> 1) & 1),
        d = k + (c & 1);
      const held = values.at(a, b, d);
      if (held === held) continue; // a value, or claimed
      const ca = nested[a],
        cb = nested[b],
        cd = nested[d];
      const known = ca >= 0 && cb >= 0 && cd >= 0 ? coarser!.values.at(ca, cb, cd) : NaN;
      if (known === known) {
        values.put(a, b, d, known);
      } else {
        values.put(a, b, d, 0); // claimed: the query overwrites it
        ids.push(a * FF + b * F + d);
      }
    }
  }
  return ids.done();
}

/**
 * Whether the face normal to `axis` whose lowest corner is lattice point (i, j, k) holds both signs (or a
 * non-finite value) at its four corners.
 */
function faceStraddles(values: Bricks, i: number, j: number, k: number, axis: number): boolean {
  let inside = 0;
  for (let c = 0; c < 4; c++) {
    const u = c & 1,
      w = c >> 1; // steps along the face's two axes
    const v = axis === 0 ? values.at(i, j + u, k + w) : axis === 1 ? values.at(i + u, j, k + w) : values.at(i + u, j + w, k);
    if (!Number.isFinite(v)) return true;
    if (v > 0) inside++;
  }
  return inside > 0 && inside < 4;
}

/**
 * Surface tracking: the face neighbours of `frontier` cells that are not yet `active` and whose shared
 * face straddles the iso level. A surface that leaves the active cells crosses such a face (through an
 * edge it crosses a face too, and the next round takes the cell beyond), so growing into these cells until
 * none is left follows every surface piece that touches the band, and the active cells close up: marching
 * cubes on them alone gives a watertight mesh. Marks the returned cells in `active`.
 */
export function growAcrossFaces(values: Bricks, res: number, frontier: Uint32Array, active: BitSet): Uint32Array {
  const n = res - 1,
    nn = n * n;
  const grown = new Growable(new Uint32Array(1024));
  for (const id of frontier) {
    const i = Math.floor(id / nn),
      j = Math.floor(id / n) % n,
      k = id % n;
    // Faces normal to x, y, z at the low and high side (the low face of the cell above), and the cell beyond.
    for (let axis = 0; axis < 3; axis++) {
      const at = axis === 0 ? i : axis === 1 ? j : k;
      const stride = axis === 0 ? nn : axis === 1 ? n : 1;
      for (let side = 0; side < 2; side++) {
        if (side === 0 ? at === 0 : at === n - 1) continue;
        const nb = side === 0 ? id - stride : id + stride;
        if (active.has(nb)) continue;
        if (!faceStraddles(values, i + (axis === 0 ? side : 0), j + (axis === 1 ? side : 0), k + (axis === 2 ? side : 0), axis)) continue;
        active.add(nb);
        grown.push(nb);
      }
    }
  }
  return grown.done();
}
