// The text-to-image stage: prompt → SDXL Turbo → an RGBA image of dims.imageSize².
// Stage 'text' covers tokenizing and both encoders; stage 'image' covers the UNet steps and the VAE.
import type { StageContext } from '../../runtime/context';
import type { RgbaImage } from '../image';
import { runStage } from '../../leaf/progress';
import { checkAbort } from '../../leaf/abort';
import { decodeLatent } from './decode';
import { denoise } from './denoise';
import { encodePrompt } from './encode-prompt';
import { schedule } from './scheduler';

export interface TextToImageRequest {
  prompt: string;
  seed: number;
  /** Denoising steps, 1–4. */
  steps: number;
}

export async function textToImage(ctx: StageContext, req: TextToImageRequest): Promise<RgbaImage> {
  schedule(req.steps); // reject a bad step count before loading gigabytes of encoders
  checkAbort(ctx.signal);
  const cond = await runStage('text', ctx.onProgress, () => encodePrompt(ctx, req.prompt));
  checkAbort(ctx.signal);
  return runStage('image', ctx.onProgress, async () => {
    const latent = await denoise(ctx, cond, { seed: req.seed, steps: req.steps });
    ctx.onProgress?.({ status: 'progress', stage: 'image', step: req.steps, total: req.steps, label: 'decoding' });
    return decodeLatent(ctx, latent);
  });
}
