import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { bandOctants, steepestGradient, WHOLE_CELL } from './coarse-to-fine-band';
import { floatBricks } from './sparse';

/** One cell (a 2³ lattice, unit step) holding a linear field g·(n·p − d) at its corners. */
function cellOf(n: number[], d: number, g: number) {
  const values = floatBricks(2);
  const field = (x: number, y: number, z: number) => g * (n[0] * x + n[1] * y + n[2] * z - d);
  for (let c = 0; c < 8; c++) values.put(c >> 2, (c >> 1) & 1, c & 1, field(c >> 2, (c >> 1) & 1, c & 1));
  return { values, field };
}

describe('bandOctants', () => {
  it('marks the octant of every zero in the cell, for planes at random (the slope bound is exact for them)', () => {
    const rng = createRng(7);
    let zeros = 0,
      missed = 0,
      marked = 0,
      slopeError = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const raw = [rng.normal(), rng.normal(), rng.normal()];
      const len = Math.hypot(...raw);
      const n = raw.map((x) => x / len);
      const d = n[0] * rng.next() * 1.6 - 0.3 + n[1] * rng.next() + n[2] * rng.next(); // planes through, near and off the cell
      const g = 0.5 + 20 * rng.next();
      const { values, field } = cellOf(n, d, g);
      const slope = steepestGradient(values, 2, Uint32Array.of(0));
      slopeError = Math.max(slopeError, Math.abs(slope / g - 1));
      const { octants } = bandOctants(values, 2, Uint32Array.of(0), slope);
      for (let o = 0; o < 8; o++) marked += (octants[0] >> o) & 1;
      // Points of the plane inside the cell: each must lie in a marked octant.
      for (let s = 0; s < 40; s++) {
        const x = rng.next(),
          y = rng.next();
        if (Math.abs(n[2]) < 1e-3) continue;
        const z = (d - n[0] * x - n[1] * y) / n[2];
        if (z < 0 || z > 1 || Math.abs(field(x, y, z)) > 1e-9) continue;
        zeros++;
        const o = (x < 0.5 ? 0 : 4) | (y < 0.5 ? 0 : 2) | (z < 0.5 ? 0 : 1);
        if (!(octants[0] & (1 << o))) missed++;
      }
    }
    expect(zeros).toBeGreaterThan(10000);
    expect(missed).toBe(0);
    expect(slopeError).toBeLessThan(1e-5);
    expect(marked).toBeLessThan(0.8 * 8 * 2000); // not simply everything
  });

  it('leaves a cell whose corners are all far from zero, and takes a cell whose corners change sign', () => {
    const far = cellOf([0, 0, 1], -3, 10).values; // the plane z = −3: every corner at least 3 steps away
    expect(bandOctants(far, 2, Uint32Array.of(0), 10).octants[0]).toBe(0);
    const through = cellOf([0, 0, 1], 0.5, 10).values;
    expect(bandOctants(through, 2, Uint32Array.of(0), 10)).toMatchObject({ crossings: 1 });
    expect(bandOctants(through, 2, Uint32Array.of(0), 0).octants[0]).toBe(WHOLE_CELL); // sign changes only
  });
});
