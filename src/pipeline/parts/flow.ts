// Rectified flow as PartCrafter samples it (docs/models/partcrafter.md §4.6, §7). Pure functions.

/** σ_i = 1 − i/n for i < n, then σ_n = 0. */
export function flowSigmas(steps: number): Float32Array {
  const s = new Float32Array(steps + 1);
  for (let i = 0; i < steps; i++) s[i] = 1 - i / steps;
  return s;
}

/**
 * Part-embedding ids over the whole batch, as upstream computes them: 0…B−1. Under guidance the batch is
 * [uncond; cond], so the conditional rows get N…2N−1 — a quirk of the released pipeline we reproduce.
 */
export function partIds(numParts: number, cfg: boolean): BigInt64Array {
  const b = cfg ? 2 * numParts : numParts;
  return BigInt64Array.from({ length: b }, (_, i) => BigInt(i));
}

/** v = v_uncond + g·(v_cond − v_uncond); V holds [uncond (half); cond (half)]. */
export function combineGuidance(V: Float32Array, guidance: number): Float32Array {
  const half = V.length / 2;
  const v = new Float32Array(half);
  for (let i = 0; i < half; i++) v[i] = V[i] + guidance * (V[half + i] - V[i]);
  return v;
}

/** x ← x + (σ_i − σ_{i+1})·v. The model predicts data − noise, so the sign is plus. */
export function flowStep(x: Float32Array, v: Float32Array, sigma: number, sigmaNext: number): void {
  const dt = sigma - sigmaNext;
  for (let i = 0; i < x.length; i++) x[i] += dt * v[i];
}

/** [a; a]: the same noisy latents for both guidance halves. */
export function doubled(x: Float32Array): Float32Array {
  const out = new Float32Array(2 * x.length);
  out.set(x);
  out.set(x, x.length);
  return out;
}
