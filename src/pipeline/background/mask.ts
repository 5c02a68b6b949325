// RMBG-1.4 foreground mask, pre- and post-processed as docs/models/rmbg-1.4.md and PartCrafter's
// prepare_image (Path B) describe: bilinear to the model size, −0.5, sigmoid output back to H×W,
// min-max normalised, uint8, Otsu, small components removed.
import type { StageContext } from '../../runtime/context';
import type { RgbaImage } from '../image';
import { rgbPlanes } from '../planes';
import { resizePlanes } from '../resample';
import { floatTensor, readFloats } from '../../leaf/float16';
import { otsuBinarize } from './otsu';
import { removeSmallComponents, type Component } from './components';

export class BlackImageError extends Error {
  override name = 'BlackImageError';
  constructor() {
    super('The image is completely black: there is no object to cut out.');
  }
}

export interface ForegroundMask {
  /** 0/1 per pixel. */
  mask: Uint8Array;
  components: Component[];
}

/** The model's soft mask at the image's own size, min-max normalised to [0,1]. */
export async function rmbgSoftMask(ctx: StageContext, image: RgbaImage): Promise<Float32Array> {
  const { width: W, height: H } = image;
  const S = ctx.set.dims.rmbgSize;
  const planes = rgbPlanes(image, 1 / 255);
  let max = 0;
  for (const v of planes) if (v > max) max = v;
  if (max < 1e-3) throw new BlackImageError();
  const input = resizePlanes(planes, 3, W, H, S, S, 'bilinear');
  for (let i = 0; i < input.length; i++) input[i] -= 0.5;
  const session = await ctx.graphs.get('rmbg');
  const out = await session.run({ input: floatTensor(input, [1, 3, S, S], ctx.set.graphs.rmbg.float) });
  const soft = resizePlanes(readFloats(out.output).subarray(0, S * S), 1, S, S, W, H, 'bilinear');
  normaliseMinMax(soft);
  return soft;
}

/**
 * (m − min) / (max − min) in place, in float32 as upstream's tensor arithmetic rounds it: the difference,
 * the range and the quotient are each a float. A pixel a unit in the last place under the maximum then
 * stays under 1 (and becomes 254, not 255, below).
 */
export function normaliseMinMax(soft: Float32Array): void {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of soft) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = Math.fround(hi - lo) || 1;
  for (let i = 0; i < soft.length; i++) soft[i] = Math.fround(soft[i] - lo) / range;
}

/** Soft mask [0,1] → uint8 as upstream's (m·255).to(uint8): the product rounded to float, then truncated. */
export function maskBytes(soft: Float32Array): Uint8Array {
  const u8 = new Uint8Array(soft.length);
  for (let i = 0; i < soft.length; i++) u8[i] = Math.trunc(Math.fround(soft[i] * 255));
  return u8;
}

/** Soft mask → hard 0/1 mask: uint8, Otsu, drop components under `minArea` px (upstream: 200). */
export function hardenMask(soft: Float32Array, width: number, height: number, minArea: number): ForegroundMask {
  const u8 = maskBytes(soft);
  const bin = otsuBinarize(u8);
  return removeSmallComponents(bin, width, height, minArea);
}
