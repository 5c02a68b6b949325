import { describe, expect, it } from 'vitest';
import { InvalidStepCountError, ancestralSigmas, eulerAncestralStep, inputScale, scaleModelInput, schedule } from './scheduler';

// The table of docs/models/sdxl-turbo.md §1.5 (diffusers, float32).
const TABLE: Record<number, { timesteps: number[]; sigmas: number[] }> = {
  1: { timesteps: [999], sigmas: [14.614655, 0] },
  2: { timesteps: [999, 499], sigmas: [14.614655, 1.612887, 0] },
  3: { timesteps: [999, 666, 332], sigmas: [14.614655, 2.918308, 0.929214, 0] },
  4: { timesteps: [999, 749, 499, 249], sigmas: [14.614655, 4.081732, 1.612887, 0.693205, 0] },
};

function expectRel(actual: number, expected: number, tol = 1e-5): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tol);
}

describe('Euler-ancestral schedule (trailing, scaled_linear)', () => {
  for (const n of [1, 2, 3, 4]) {
    it(`matches the spec table for ${n} step(s)`, () => {
      const s = schedule(n);
      expect(Array.from(s.timesteps)).toEqual(TABLE[n].timesteps);
      expect(s.sigmas.length).toBe(n + 1);
      TABLE[n].sigmas.forEach((sigma, i) => expectRel(s.sigmas[i], sigma));
      expectRel(s.initSigma, 14.614655);
    });
  }

  it('init sigma is the float32 value, distinguishable from the float64 one', () => {
    // 14.614641 (float64) is 1e-6 relative away; the float32 path must land nearer 14.614655.
    const s = schedule(1).initSigma;
    expect(Math.abs(s - 14.614655)).toBeLessThan(Math.abs(s - 14.614641));
  });

  it('rejects step counts Turbo was not distilled for', () => {
    expect(() => schedule(0)).toThrow(InvalidStepCountError);
    expect(() => schedule(5)).toThrow(InvalidStepCountError);
    expect(() => schedule(2.5)).toThrow(/1 to 4/);
  });
});

describe('per-step constants', () => {
  it('1/√(σ²+1) matches the spec', () => {
    const cases: [number, number][] = [
      [14.614655, 0.0682648],
      [4.081732, 0.2379568],
      [2.918308, 0.324161],
      [1.612887, 0.5269436],
      [0.929214, 0.7325586],
      [0.693205, 0.8218469],
    ];
    for (const [sigma, k] of cases) expectRel(inputScale(sigma), k);
  });

  it('σ_up and σ_down match the spec for every non-final step', () => {
    const cases: [number, number, number, number][] = [
      [14.614655, 1.612887, 1.603034, 0.178],
      [14.614655, 2.918308, 2.859535, 0.582739],
      [14.614655, 4.081732, 3.919307, 1.139988],
      [4.081732, 1.612887, 1.481626, 0.637328],
      [2.918308, 0.929214, 0.880852, 0.29587],
      [1.612887, 0.693205, 0.625914, 0.297934],
    ];
    for (const [from, to, up, down] of cases) {
      const s = ancestralSigmas(from, to);
      expectRel(s.up, up);
      expectRel(s.down, down);
      // Ancestral split keeps the total variance: σ_up² + σ_down² = σ_to².
      expectRel(s.up * s.up + s.down * s.down, to * to, 1e-5);
    }
  });

  it('the final step (σ_to = 0) lands on x0 = x − σ·ε and needs no noise', () => {
    const x = Float32Array.from([1, -2, 3.5]);
    const eps = Float32Array.from([0.1, 0.2, -0.3]);
    const out = eulerAncestralStep(x, eps, 1.612887, 0);
    out.forEach((v, i) => expect(v).toBeCloseTo(x[i] - 1.612887 * eps[i], 5));
  });

  it('a non-final step adds σ_up·z and moves ε by σ_down − σ_from', () => {
    const x = Float32Array.from([1, -2]);
    const eps = Float32Array.from([0.5, -0.25]);
    const z = Float32Array.from([0.3, -1.1]);
    const { up, down } = ancestralSigmas(14.614655, 1.612887);
    const out = eulerAncestralStep(x, eps, 14.614655, 1.612887, z);
    out.forEach((v, i) => expect(v).toBeCloseTo(x[i] + eps[i] * (down - 14.614655) + up * z[i], 4));
    expect(() => eulerAncestralStep(x, eps, 14.614655, 1.612887)).toThrow(/noise/);
  });

  it('scaleModelInput divides by √(σ²+1)', () => {
    const x = Float32Array.from([14.614655, -1]);
    const out = scaleModelInput(x, 14.614655);
    expectRel(out[0], 14.614655 / Math.sqrt(14.614655 ** 2 + 1));
    expectRel(out[1], -1 / Math.sqrt(14.614655 ** 2 + 1));
  });
});
