import { describe, expect, it } from 'vitest';
import { combineGuidance, doubled, flowSigmas, flowStep, partIds } from './flow';

describe('rectified-flow schedule', () => {
  it('runs σ from 1 down to 0 in equal steps, with σ_n = 0 appended', () => {
    expect([...flowSigmas(4)]).toEqual([1, 0.75, 0.5, 0.25, 0]);
    const s = flowSigmas(50);
    expect(s).toHaveLength(51);
    expect(s[50]).toBe(0);
    // The DiT sees t_i = 1000·σ_i: 1000, 980, …, 20 for 50 steps.
    expect(1000 * s[0]).toBe(1000);
    expect(1000 * s[1]).toBeCloseTo(980, 3);
    expect(1000 * s[49]).toBeCloseTo(20, 3);
  });
});

describe('update', () => {
  it('moves x by exactly the sum of step sizes under a constant velocity (sign is plus)', () => {
    const x = Float32Array.of(0, 1, -3);
    const v = Float32Array.of(2, -1, 0.5);
    const s = flowSigmas(7);
    for (let i = 0; i < 7; i++) flowStep(x, v, s[i], s[i + 1]);
    expect(x[0]).toBeCloseTo(2, 6);
    expect(x[1]).toBeCloseTo(0, 6);
    expect(x[2]).toBeCloseTo(-2.5, 6);
  });

  it('lands on x0 in one step when v = (x0 − x)/σ, as a velocity toward data should', () => {
    const x = Float32Array.of(0.3, -1.2);
    const x0 = [1, 2];
    const sigma = 0.25;
    flowStep(
      x,
      Float32Array.from(x, (xi, i) => (x0[i] - xi) / sigma),
      sigma,
      0,
    );
    expect(x[0]).toBeCloseTo(1, 6);
    expect(x[1]).toBeCloseTo(2, 6);
  });
});

describe('classifier-free guidance', () => {
  it('combines [uncond; cond] halves as uncond + g·(cond − uncond)', () => {
    expect([...combineGuidance(Float32Array.of(1, 2, 3, 5), 7)]).toEqual([1 + 7 * 2, 2 + 7 * 3]);
    expect([...combineGuidance(Float32Array.of(1, 2, 3, 5), 1)]).toEqual([3, 5]); // g = 1 is the cond branch
    expect([...combineGuidance(Float32Array.of(1, 2, 3, 5), 0)]).toEqual([1, 2]);
  });

  it('feeds the same latents to both halves', () => {
    expect([...doubled(Float32Array.of(4, 5))]).toEqual([4, 5, 4, 5]);
  });

  it('numbers parts over the whole batch: conditional rows get N…2N−1 under guidance', () => {
    expect([...partIds(3, true)]).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect([...partIds(3, false)]).toEqual([0n, 1n, 2n]);
  });
});
