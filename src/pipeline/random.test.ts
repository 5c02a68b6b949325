import { describe, expect, it } from 'vitest';
import { createRng, normals } from './random';

describe('seeded rng', () => {
  it('repeats for a seed and differs across seeds', () => {
    expect(normals(createRng(7), 16)).toEqual(normals(createRng(7), 16));
    expect(normals(createRng(7), 16)).not.toEqual(normals(createRng(8), 16));
  });

  it('draws standard normals (mean 0, variance 1) and uniforms in [0,1)', () => {
    const n = 200_000;
    const x = normals(createRng(123), n);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.01); // 4.5 standard errors
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    const rng = createRng(5);
    let lo = 1,
      hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
  });
});
