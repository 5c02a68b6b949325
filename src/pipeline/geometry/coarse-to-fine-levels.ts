// The lattice bookkeeping of coarse-to-fine extraction: which resolutions are visited, how a level's
// cells map onto the next level's, which cells may hold surface, and how the next level is seeded from
// the previous one. Every level is a grid.ts lattice (res points spanning [−bounds, bounds], x slowest),
// so the finest level is exactly the dense grid and meshFromField can run on it unchanged.

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
}

export function axisMap(coarseRes: number, fineRes: number): AxisMap {
  const nc = coarseRes - 1, nf = fineRes - 1;
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
  return { cell, weight, fineFirst, fineLast };
}

/**
 * Values of the fine lattice interpolated trilinearly from the coarse one. Points that are never queried
 * keep these values: inside a coarse cell whose corners share a sign, trilinear values share it too, so
 * marching cubes finds no surface there, and slopes measured across them stay the coarse slopes.
 */
export function upsample(coarse: Float32Array, coarseRes: number, fineRes: number, map: AxisMap): Float32Array {
  const R = coarseRes, RR = R * R, F = fineRes;
  const out = new Float32Array(F * F * F);
  const { cell, weight } = map;
  for (let i = 0; i < F; i++) {
    const ci = cell[i], ti = weight[i];
    for (let j = 0; j < F; j++) {
      const cj = cell[j], tj = weight[j];
      const b00 = ci * RR + cj * R, b01 = b00 + R, b10 = b00 + RR, b11 = b10 + R;
      const w00 = (1 - ti) * (1 - tj), w01 = (1 - ti) * tj, w10 = ti * (1 - tj), w11 = ti * tj;
      const row = (i * F + j) * F;
      for (let k = 0; k < F; k++) {
        const ck = cell[k], tk = weight[k];
        const near =
          w00 * coarse[b00 + ck] + w01 * coarse[b01 + ck] + w10 * coarse[b10 + ck] + w11 * coarse[b11 + ck];
        const far =
          w00 * coarse[b00 + ck + 1] + w01 * coarse[b01 + ck + 1] + w10 * coarse[b10 + ck + 1] + w11 * coarse[b11 + ck + 1];
        // Written as a select so that an exact corner keeps its value even when the far one is not finite.
        out[row + k] = tk === 0 ? near : (1 - tk) * near + tk * far;
      }
    }
  }
  return out;
}

/**
 * Marks the cells (of those listed in `active`, whose corners were all queried) that may hold surface.
 * `crossing`: corners of both signs, or a non-finite corner. `near`: a thin feature that may have slipped
 * between the samples with no sign change. That test assumes a field that is roughly Lipschitz near the
 * surface (SDF-like logits): the sample nearest a thin sheet lies within half a cell of it, so its
 * magnitude is at most about half the steepest step measured around the cell's corners; a cell is kept
 * when its smallest corner magnitude is at most `slack` times that step. slack = 0 turns the test off.
 * The two are kept apart so that only crossings are grown by the margin: near cells around an ordinary
 * surface already sit inside the grown crossings, and growing them too would double the band.
 */
export function bandCells(values: Float32Array, res: number, active: Uint32Array, slack: number): { crossing: Uint8Array; near: Uint8Array } {
  const R = res, RR = R * R, n = R - 1;
  const crossing = new Uint8Array(n * n * n);
  const near = new Uint8Array(n * n * n);
  const corner = [0, 1, R, R + 1, RR, RR + 1, RR + R, RR + R + 1];
  const steepest = (p: number, i: number, j: number, k: number): number => {
    const v = values[p];
    let d = 0;
    if (i > 0) d = Math.max(d, Math.abs(v - values[p - RR]));
    if (i < n) d = Math.max(d, Math.abs(v - values[p + RR]));
    if (j > 0) d = Math.max(d, Math.abs(v - values[p - R]));
    if (j < n) d = Math.max(d, Math.abs(v - values[p + R]));
    if (k > 0) d = Math.max(d, Math.abs(v - values[p - 1]));
    if (k < n) d = Math.max(d, Math.abs(v - values[p + 1]));
    return d;
  };
  for (const id of active) {
    const i = Math.floor(id / (n * n)), j = Math.floor(id / n) % n, k = id % n;
    const base = i * RR + j * R + k;
    let inside = 0, minAbs = Infinity, finite = true;
    for (const off of corner) {
      const v = values[base + off];
      if (!Number.isFinite(v)) finite = false;
      if (v > 0) inside++;
      minAbs = Math.min(minAbs, Math.abs(v));
    }
    if (!finite || (inside > 0 && inside < 8)) {
      crossing[id] = 1;
      continue;
    }
    if (slack <= 0) continue;
    let slope = 0;
    for (let c = 0; c < 8; c++) slope = Math.max(slope, steepest(base + corner[c], i + (c >> 2), j + ((c >> 1) & 1), k + (c & 1)));
    if (minAbs <= slack * slope) near[id] = 1;
  }
  return { crossing, near };
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
      const from = Math.max(0, at - radius), to = Math.min(n - 1, at + radius);
      for (let a = from; a <= to; a++) dst[id + (a - at) * stride] = 1;
    }
    src = dst;
  }
  mask.set(src);
  return mask;
}

/** The fine cells (ids on the fine lattice, ascending) overlapping any marked coarse cell. */
export function refinedCells(band: Uint8Array, coarseRes: number, fineRes: number, map: AxisMap): Uint32Array {
  const nc = coarseRes - 1, nf = fineRes - 1;
  const fine = new Uint8Array(nf * nf * nf);
  const { fineFirst: lo, fineLast: hi } = map;
  let count = 0;
  for (let id = 0; id < band.length; id++) {
    if (!band[id]) continue;
    const i = Math.floor(id / (nc * nc)), j = Math.floor(id / nc) % nc, k = id % nc;
    for (let a = lo[i]; a <= hi[i]; a++) {
      for (let b = lo[j]; b <= hi[j]; b++) {
        const row = (a * nf + b) * nf;
        for (let c = lo[k]; c <= hi[k]; c++) {
          if (!fine[row + c]) count++;
          fine[row + c] = 1;
        }
      }
    }
  }
  const out = new Uint32Array(count);
  let w = 0;
  for (let id = 0; id < fine.length; id++) if (fine[id]) out[w++] = id;
  return out;
}

/**
 * A mask over the fine lattice of the points whose values the previous level already holds exactly:
 * those that coincide with a coarse point on every axis (only where the lattices nest).
 */
export function knownPoints(fineRes: number, map: AxisMap): Uint8Array {
  const F = fineRes;
  const on = Array.from({ length: F }, (_, a) => map.weight[a] === 0);
  const mask = new Uint8Array(F * F * F);
  for (let i = 0; i < F; i++) {
    if (!on[i]) continue;
    for (let j = 0; j < F; j++) {
      if (!on[j]) continue;
      const row = (i * F + j) * F;
      for (let k = 0; k < F; k++) if (on[k]) mask[row + k] = 1;
    }
  }
  return mask;
}

/**
 * The lattice points (ids, x slowest, ascending per call order) at the corners of `cells` that hold no
 * real value yet; `queried` marks real values and is updated, so a point is never asked for twice.
 */
export function pointsToQuery(cells: Uint32Array, fineRes: number, queried: Uint8Array): Uint32Array {
  const F = fineRes, FF = F * F, n = F - 1;
  const ids: number[] = [];
  for (const id of cells) {
    const i = Math.floor(id / (n * n)), j = Math.floor(id / n) % n, k = id % n;
    for (let c = 0; c < 8; c++) {
      const p = (i + (c >> 2)) * FF + (j + ((c >> 1) & 1)) * F + k + (c & 1);
      if (queried[p]) continue;
      queried[p] = 1;
      ids.push(p);
    }
  }
  return Uint32Array.from(ids);
}

/** Whether a cell's corners hold both signs (or a non-finite value): marching cubes puts surface there. */
function straddles(values: Float32Array, res: number, cell: number): boolean {
  const R = res, RR = R * R, n = R - 1;
  const i = Math.floor(cell / (n * n)), j = Math.floor(cell / n) % n, k = cell % n;
  const base = i * RR + j * R + k;
  let inside = 0;
  for (let c = 0; c < 8; c++) {
    const v = values[base + (c >> 2) * RR + ((c >> 1) & 1) * R + (c & 1)];
    if (!Number.isFinite(v)) return true;
    if (v > 0) inside++;
  }
  return inside > 0 && inside < 8;
}

/**
 * Surface tracking: the face neighbours of `frontier` cells that are not yet `active` but straddle the
 * iso level with the values known now (their shared face is real, the far side interpolated). A surface
 * that leaves the refined band crosses such a face, so growing into these cells until none is left
 * follows every surface piece that touches the band, without a wide margin around all of it.
 * Marks the returned cells in `active`.
 */
export function growAcrossFaces(values: Float32Array, res: number, frontier: Uint32Array, active: Uint8Array): Uint32Array {
  const n = res - 1, nn = n * n;
  const grown: number[] = [];
  for (const id of frontier) {
    const i = Math.floor(id / nn), j = Math.floor(id / n) % n, k = id % n;
    const neighbours = [
      i > 0 ? id - nn : -1, i < n - 1 ? id + nn : -1,
      j > 0 ? id - n : -1, j < n - 1 ? id + n : -1,
      k > 0 ? id - 1 : -1, k < n - 1 ? id + 1 : -1,
    ];
    for (const nb of neighbours) {
      if (nb < 0 || active[nb] || !straddles(values, res, nb)) continue;
      active[nb] = 1;
      grown.push(nb);
    }
  }
  return Uint32Array.from(grown);
}
