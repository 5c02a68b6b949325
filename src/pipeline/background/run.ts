// The cutout stage: an image in, the object composited on white, cropped and padded square-ish out.
import type { StageContext } from '../../runtime/context';
import type { RgbaImage } from '../image';
import { runStage } from '../../leaf/progress';
import { checkAbort } from '../../leaf/abort';
import { alphaBox, hasValidAlpha, type Box } from './alpha';
import { resizeArea } from './area-shrink';
import { composeCrop } from './compose';
import { largestBox } from './components';
import { hardenMask, rmbgSoftMask } from './mask';

export class NoObjectError extends Error {
  override name = 'NoObjectError';
  constructor() {
    super('No object found in the image: the background remover left nothing. Try a picture with one clear subject.');
  }
}

export interface CutoutResult {
  image: RgbaImage;
  /** False when the upload's own alpha channel was used and RMBG was skipped. */
  usedModel: boolean;
  /** The object's box in the input image (after the size cap, if one applied), before padding. */
  box: Box;
}

export interface CutoutOptions {
  /** Components smaller than this many pixels are dropped (PartCrafter uses 200). */
  minArea?: number;
  /** Larger images are scaled down first (PartCrafter caps at 2000 px). */
  maxSide?: number;
}

// Upstream (PartCrafter's load_image) shrinks photos whose long side is over 2000 px with OpenCV's
// INTER_AREA, to int(side · 2000 / long side), before anything else; so does this, alpha included.
function capSize(image: RgbaImage, maxSide: number): RgbaImage {
  const long = Math.max(image.width, image.height);
  if (long <= maxSide) return image;
  const s = maxSide / long;
  return resizeArea(image, Math.trunc(image.width * s), Math.trunc(image.height * s));
}

export async function cutout(ctx: StageContext, input: RgbaImage, options: CutoutOptions = {}): Promise<CutoutResult> {
  return runStage('cutout', ctx.onProgress, async () => {
    const image = capSize(input, options.maxSide ?? 2000);
    const n = image.width * image.height;
    const alpha = new Float32Array(n);
    let box: Box | null;
    let usedModel: boolean;
    if (hasValidAlpha(image)) {
      ctx.onProgress?.({ status: 'info', stage: 'cutout', message: 'Using the image’s own transparency; background removal skipped.' });
      for (let i = 0; i < n; i++) alpha[i] = image.data[i * 4 + 3] / 255;
      box = alphaBox(image);
      usedModel = false;
    } else {
      ctx.onProgress?.({ status: 'progress', stage: 'cutout', step: 0, total: 2, label: 'removing background' });
      const soft = await rmbgSoftMask(ctx, image);
      checkAbort(ctx.signal);
      ctx.onProgress?.({ status: 'progress', stage: 'cutout', step: 1, total: 2, label: 'cleaning mask' });
      const { mask, components } = hardenMask(soft, image.width, image.height, options.minArea ?? 200);
      for (let i = 0; i < n; i++) alpha[i] = mask[i];
      box = largestBox(components);
      usedModel = true;
    }
    if (!box) throw new NoObjectError();
    checkAbort(ctx.signal);
    ctx.onProgress?.({ status: 'progress', stage: 'cutout', step: 2, total: 2, label: 'composing' });
    return { image: composeCrop(image, alpha, box), usedModel, box };
  });
}
