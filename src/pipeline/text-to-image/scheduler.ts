// Euler-ancestral sampling for SDXL Turbo (docs/models/sdxl-turbo.md §1.5): trailing timestep spacing,
// scaled_linear betas, epsilon prediction. Pure functions; every intermediate is rounded to float32
// (Math.fround) because diffusers computes the sigma table in float32 and its sigma table is that
// float32 result (14.614655, not the float64 14.614641).

export interface SchedulerConfig {
  trainTimesteps: number;
  betaStart: number;
  betaEnd: number;
}

/** stabilityai/sdxl-turbo scheduler_config.json. */
export const SDXL_TURBO_SCHEDULER: SchedulerConfig = { trainTimesteps: 1000, betaStart: 0.00085, betaEnd: 0.012 };

/** Turbo is distilled for 1–4 steps; more steps with trailing spacing is outside what it was trained on. */
export const MIN_STEPS = 1;
export const MAX_STEPS = 4;

export class InvalidStepCountError extends Error {
  override name = 'InvalidStepCountError';
  constructor(steps: number) {
    super(`SDXL Turbo takes ${MIN_STEPS} to ${MAX_STEPS} denoising steps; ${steps} was asked for.`);
  }
}

export interface Schedule {
  /** t_i fed to the UNet, one per step (e.g. 999, 499 for two steps). */
  timesteps: Float32Array;
  /** σ_0 … σ_N: one per step plus the trailing 0. */
  sigmas: Float32Array;
  /** Scale of the initial noise: max σ (trailing spacing, so not √(σ²+1)). */
  initSigma: number;
}

const f = Math.fround;

/** σ(t) for every training timestep, float32 as torch computes it. */
export function trainingSigmas(config: SchedulerConfig = SDXL_TURBO_SCHEDULER): Float32Array {
  const n = config.trainTimesteps;
  const start = f(Math.sqrt(config.betaStart));
  const end = f(Math.sqrt(config.betaEnd));
  const step = f(f(end - start) / (n - 1));
  const sigmas = new Float32Array(n);
  let cumprod = f(1);
  for (let i = 0; i < n; i++) {
    // torch.linspace fills the first half from the start and the second half back from the end.
    const root = i < n / 2 ? f(start + f(step * i)) : f(end - f(step * (n - 1 - i)));
    const beta = f(root * root);
    cumprod = f(cumprod * f(1 - beta));
    sigmas[i] = f(Math.sqrt(f(f(1 - cumprod) / cumprod)));
  }
  return sigmas;
}

export function schedule(steps: number, config: SchedulerConfig = SDXL_TURBO_SCHEDULER): Schedule {
  if (!Number.isInteger(steps) || steps < MIN_STEPS || steps > MAX_STEPS) throw new InvalidStepCountError(steps);
  const table = trainingSigmas(config);
  const n = config.trainTimesteps;
  const timesteps = new Float32Array(steps);
  const sigmas = new Float32Array(steps + 1);
  const stride = n / steps;
  for (let i = 0; i < steps; i++) {
    // Trailing spacing: round(arange(n, 0, -n/N)) - 1. numpy rounds half to even; n/N never lands on .5
    // for N ≤ 4 with n = 1000, so Math.round agrees.
    const t = Math.round(n - i * stride) - 1;
    timesteps[i] = t;
    sigmas[i] = interpolate(table, t);
  }
  sigmas[steps] = 0;
  let initSigma = 0;
  for (const s of sigmas) initSigma = Math.max(initSigma, s);
  return { timesteps, sigmas, initSigma };
}

/** np.interp over integer positions (timesteps here are whole numbers, so this is a lookup). */
function interpolate(table: Float32Array, t: number): number {
  const lo = Math.max(0, Math.min(table.length - 1, Math.floor(t)));
  const hi = Math.min(table.length - 1, lo + 1);
  const w = t - lo;
  return f(table[lo] + (table[hi] - table[lo]) * w);
}

/** 1/√(σ²+1): what scale_model_input multiplies the latent by before the UNet. */
export function inputScale(sigma: number): number {
  return f(1 / f(Math.sqrt(f(f(sigma * sigma) + 1))));
}

export function scaleModelInput(x: Float32Array, sigma: number): Float32Array {
  const k = inputScale(sigma);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * k;
  return out;
}

/** σ_up, σ_down of one ancestral step from σ_from to σ_to. */
export function ancestralSigmas(sigmaFrom: number, sigmaTo: number): { up: number; down: number } {
  const from2 = f(sigmaFrom * sigmaFrom);
  const to2 = f(sigmaTo * sigmaTo);
  const up = f(Math.sqrt(f(f(to2 * f(from2 - to2)) / from2)));
  const down = f(Math.sqrt(f(to2 - f(up * up))));
  return { up, down };
}

/**
 * One Euler-ancestral step: x_next = x + ε·(σ_down − σ_from) + σ_up·z.
 * `noise` (z, same length as x) is needed only when σ_to > 0; on the last step σ_up = 0 and x_next = x0.
 */
export function eulerAncestralStep(
  x: Float32Array,
  eps: Float32Array,
  sigmaFrom: number,
  sigmaTo: number,
  noise?: Float32Array,
): Float32Array {
  if (eps.length !== x.length) throw new Error(`scheduler step: ε has ${eps.length} values, x has ${x.length}`);
  const { up, down } = ancestralSigmas(sigmaFrom, sigmaTo);
  if (up > 0 && (!noise || noise.length !== x.length)) {
    throw new Error('scheduler step: a noise array the size of the latent is needed when σ_up > 0');
  }
  const dt = f(down - sigmaFrom);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = f(x[i] + f(eps[i] * dt));
    out[i] = up > 0 ? f(v + f(up * noise![i])) : v;
  }
  return out;
}
