import type { RgbaImage } from './image';

/** One generation run. Defaults live in src/state/settings.ts. */
export interface GenerateRequest {
  setId: string;
  /** Text prompt; ignored when `image` is given (the "use my image" path skips text-to-image). */
  prompt: string;
  image?: RgbaImage;
  seed: number;
  /** Seed of the parts and geometry stages when it differs from `seed` (re-rolling the parts only). */
  partsSeed?: number;
  /** SDXL Turbo denoising steps, 1–4. */
  imageSteps: number;
  /** Number of parts N, 1..set.dims.maxParts. */
  numParts: number;
  tokensPerPart: number;
  /** Rectified-flow steps for the DiT. */
  partSteps: number;
  /** Classifier-free guidance scale; ≤ 1 turns CFG off. */
  guidance: number;
  /** Samples per axis of the occupancy grid. */
  gridResolution: number;
  pointCount: number;
}
