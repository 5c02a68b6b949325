// Which parts of a level's cells may hold surface, conservatively. A piece of surface can hide between a
// level's samples: a blob a few finest voxels across inside one coarse cell changes no corner's sign, and
// its nearest corner can be as far as half the cell's diagonal (√3/2 of a cell), not half a cell.
//
// The bound used: if the field changes by at most L per unit length, a sample of value v has no zero
// within |v| / L of it. A zero in the octant of corner o (the eighth of the cell nearest o) is at most
// √3/2·H from o, √1.5·H from a corner one axis away, 1.5·H two axes away and √3·H across (H the lattice
// step): an octant is refined only if every corner's |v| is within L times its farthest distance, which
// covers every cell a zero can be in, whatever its corners' signs. L is measured from
// the data: the steepest finite-difference gradient over the level's samples. For a distance-like field
// that is its slope. For a logit that saturates (tanh-like, as an occupancy network's), |v| is a concave
// function of the distance to the surface, so the secant across a surface measured at the same step H
// bounds |v(c)| / distance from above for every distance ≥ H/2 (and below H/2 the bound holds outright):
// a level whose step is wider than the logit's transition measures a slope of about 2·|v|max / H, keeps
// every cell, and so samples the next level densely, until the lattice resolves the transition (as
// upstream's dense first pass does: TripoSG's hierarchical_extract_geometry). Only a level that shows no sign
// change at all gives no trustworthy slope (a saturated field is flat far from its surfaces), and then
// every cell is refined.
import type { Bricks } from './sparse';

/** A cell's octant mask with every bit set: the whole cell is refined. Bit 4a + 2b + d is corner (a, b, d). */
export const WHOLE_CELL = 0xff;

/**
 * The steepest gradient magnitude of the sampled field, in value per lattice step: at every corner of every
 * active cell, the one-sided differences along the cell's three edges from that corner.
 */
export function steepestGradient(values: Bricks, res: number, active: Uint32Array): number {
  const n = res - 1,
    nn = n * n;
  const v = new Float64Array(8);
  let steepest = 0;
  for (const id of active) {
    const i = Math.floor(id / nn),
      j = Math.floor(id / n) % n,
      k = id % n;
    for (let c = 0; c < 8; c++) v[c] = values.at(i + (c >> 2), j + ((c >> 1) & 1), k + (c & 1));
    for (let c = 0; c < 8; c++) {
      const dx = v[c ^ 4] - v[c],
        dy = v[c ^ 2] - v[c],
        dz = v[c ^ 1] - v[c];
      const g = dx * dx + dy * dy + dz * dz;
      if (g > steepest) steepest = g; // NaN (a non-finite corner) compares false
    }
  }
  return Math.sqrt(steepest);
}

export interface Band {
  /** Per cell (n³, x slowest): the octants to refine (bit 4a + 2b + d: the octant at corner (a, b, d)). */
  octants: Uint8Array;
  /** Cells whose corners change sign (or hold a non-finite value). */
  crossings: number;
}

/**
 * The farthest point of a corner's octant from a corner t axes away, in steps: √(t + (3 − t)/4). Along an
 * axis where the two corners agree the octant spans half a step from it, along one where they differ a
 * whole step.
 */
const FARTHEST = [0, 1, 2, 3].map((t) => Math.sqrt(t + (3 - t) / 4));
/** FARTHEST by corner pair (o, c): FARTHEST[popcount(o ^ c)]. */
const FARTHEST_PAIR = Float64Array.from({ length: 64 }, (_, x) => {
  const d = (x >> 3) ^ (x & 7);
  return FARTHEST[(d & 1) + ((d >> 1) & 1) + ((d >> 2) & 1)];
});

/**
 * Classifies the `active` cells (all corners sampled). With a slope bound (`reach` = that bound times one
 * step, in field units), the octant of corner o is refined unless some corner c is too far from zero for
 * a zero anywhere in it: |v(c)| > reach · (the octant's farthest point from c). A cell with a non-finite
 * corner is refined whole. reach = 0: sign changes only, the whole of every cell whose corners change sign.
 */
export function bandOctants(values: Bricks, res: number, active: Uint32Array, reach: number): Band {
  const n = res - 1,
    nn = n * n;
  const octants = new Uint8Array(n * n * n);
  const size = new Float64Array(8);
  let crossings = 0;
  for (const id of active) {
    const i = Math.floor(id / nn),
      j = Math.floor(id / n) % n,
      k = id % n;
    let inside = 0,
      finite = true;
    for (let c = 0; c < 8; c++) {
      const v = values.at(i + (c >> 2), j + ((c >> 1) & 1), k + (c & 1));
      if (!Number.isFinite(v)) finite = false;
      if (v > 0) inside++;
      size[c] = Math.abs(v) / reach; // in steps of the bound (Infinity with reach 0)
    }
    const crossing = !finite || (inside > 0 && inside < 8);
    if (crossing) crossings++;
    if (!finite || (crossing && reach <= 0)) {
      octants[id] = WHOLE_CELL;
      continue;
    }
    if (reach <= 0) continue;
    // Most cells are decided at once: one corner too far from zero for any point of the cell, or every
    // corner near enough for every octant.
    let most = 0;
    for (let c = 0; c < 8; c++) most = Math.max(most, size[c]);
    if (most > FARTHEST[3] || most <= FARTHEST[0]) {
      octants[id] = most > FARTHEST[3] ? 0 : WHOLE_CELL;
      continue;
    }
    let keep = 0;
    for (let o = 0; o < 8; o++) {
      let reachable = true;
      for (let c = 0; c < 8 && reachable; c++) reachable = size[c] <= FARTHEST_PAIR[(o << 3) | c];
      if (reachable) keep |= 1 << o;
    }
    octants[id] = keep;
  }
  return { octants, crossings };
}
