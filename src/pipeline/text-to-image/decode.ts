// Final latent → RGBA pixels (docs/models/sdxl-turbo.md §1.6): divide by the VAE scaling factor, run the
// decoder, map its nominal [-1, 1] output to bytes. SDXL's VAE has no latent mean/shift, only the scale.
import { latentSide } from '../../../models/model-set';
import type { StageContext } from '../../runtime/context';
import type { RgbaImage } from '../image';
import { checkAbort } from '../../leaf/abort';
import { floatTensor, readFloats } from '../../leaf/float16';

/** One channel value in [-1, 1] → a byte: clamp(round((v/2 + 0.5)·255), 0, 255). */
export function toByte(v: number): number {
  const b = Math.round((v / 2 + 0.5) * 255);
  return Math.max(0, Math.min(b, 255));
}

/** NCHW planes [3, H, W] (batch row 0) → an opaque RGBA image. */
export function planesToImage(planes: Float32Array, width: number, height: number): RgbaImage {
  const hw = width * height;
  if (planes.length < 3 * hw) throw new Error(`decode: ${planes.length} values cannot fill 3×${height}×${width}`);
  const data = new Uint8ClampedArray(hw * 4);
  for (let i = 0; i < hw; i++) {
    data[i * 4] = toByte(planes[i]);
    data[i * 4 + 1] = toByte(planes[hw + i]);
    data[i * 4 + 2] = toByte(planes[2 * hw + i]);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

export async function decodeLatent(ctx: StageContext, latent: Float32Array): Promise<RgbaImage> {
  const d = ctx.set.dims;
  const side = latentSide(d);
  const F = ctx.set.graphs.vaeDecoder.float;
  const scaled = new Float32Array(latent.length);
  for (let i = 0; i < latent.length; i++) scaled[i] = latent[i] / d.vaeScalingFactor;
  const vae = await ctx.graphs.get('vaeDecoder');
  checkAbort(ctx.signal);
  const out = await vae.run({ latent_sample: floatTensor(scaled, [1, d.latentChannels, side, side], F) });
  checkAbort(ctx.signal);
  return planesToImage(readFloats(out.sample), d.imageSize, d.imageSize);
}
