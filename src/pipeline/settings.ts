// Request policy: the generation settings, their limits and defaults, and the request built from them
// (one clamping path for the app and the server). Defaults come from the model set so the same UI suits the tiny fixture set (fast
// tests, small grids) and the real set (PartCrafter's published defaults: 50 steps, guidance 7).
import type { ModelSet } from '../../models/model-set';
import { requestLimits } from './bounds';
import type { GenerateRequest } from './request';

export interface Settings {
  seed: number;
  imageSteps: number;
  numParts: number;
  tokensPerPart: number;
  guidance: number;
  partSteps: number;
  gridResolution: number;
  pointCount: number;
}

export type SettingKey = keyof Settings;

/** Inclusive bounds per setting for this set (bounds.ts); the panel's inputs and clampSettings share them. */
export const settingLimits: (set: ModelSet) => Record<Exclude<SettingKey, 'tokensPerPart'>, [number, number]> = requestLimits;

export function defaultSettings(set: ModelSet): Settings {
  const real = set.kind === 'real';
  return {
    seed: 42,
    imageSteps: 1,
    numParts: Math.min(real ? 4 : 3, set.dims.maxParts),
    tokensPerPart: set.dims.defaultTokensPerPart,
    guidance: 7,
    partSteps: real ? 50 : 8,
    gridResolution: real ? 256 : 32,
    pointCount: real ? 30_000 : 4_000,
  };
}

/** Brings any values (typed by a user, read from a URL) back into range; tokens snap to a valid choice. */
export function clampSettings(set: ModelSet, s: Settings): Settings {
  const lim = settingLimits(set);
  const out = { ...s };
  for (const key of Object.keys(lim) as (keyof typeof lim)[]) {
    const [lo, hi] = lim[key];
    const v = Number.isFinite(out[key]) ? out[key] : defaultSettings(set)[key];
    const clamped = Math.min(hi, Math.max(lo, v));
    out[key] = key === 'guidance' ? clamped : Math.round(clamped);
  }
  const choices = set.dims.tokensPerPartChoices;
  if (!choices.includes(out.tokensPerPart)) {
    // Nearest choice, so a typed 1000 becomes 1024 rather than the default.
    out.tokensPerPart = choices.reduce(
      (best, c) => (Math.abs(c - out.tokensPerPart) < Math.abs(best - out.tokensPerPart) ? c : best),
      set.dims.defaultTokensPerPart,
    );
  }
  return out;
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

export function buildRequest(set: ModelSet, s: Settings, input: { prompt: string; image?: GenerateRequest['image'] }): GenerateRequest {
  const c = clampSettings(set, s);
  return { setId: set.id, prompt: input.prompt, image: input.image, ...c };
}
