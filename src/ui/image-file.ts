// "Use my image": a picked or dropped file → RgbaImage. Very large photos are scaled down first: the
// cutout stage resamples to the model size anyway, and a 24-megapixel buffer would only slow transfers.
import { MAX_IMAGE_SIDE, MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS } from '../pipeline/bounds';
import type { RgbaImage } from '../pipeline/image';

/** Uploads are scaled to what a request may carry. */
export const MAX_UPLOAD_SIDE = MAX_IMAGE_SIDE;

// Sizes round up, so a file just over the limit never reads as the limit itself.
const mb = (n: number) => `${Math.ceil((n / 2 ** 20) * 10) / 10} MB`;
const mp = (n: number) => `${(n / 1e6).toFixed(1)} megapixels`;

export class ImageFileError extends Error {
  override name = 'ImageFileError';
}

/** Target size keeping the aspect ratio, longest side at most `max`. */
export function fitWithin(width: number, height: number, max = MAX_UPLOAD_SIDE): { width: number; height: number } {
  const s = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/** Why a decoded picture of width × height cannot be used, or null: no pixels, or too many to hold. */
export function decodedSizeProblem(width: number, height: number, name = 'that file'): string | null {
  if (!(width >= 1 && height >= 1)) return `"${name}" has no pixels (${width}×${height}). Choose another image.`;
  if (width * height > MAX_UPLOAD_PIXELS) {
    return `"${name}" is ${width}×${height} (${mp(width * height)}); at most ${mp(MAX_UPLOAD_PIXELS)} can be opened. Scale it down first.`;
  }
  return null;
}

export async function decodeImageFile(file: Blob & { name?: string }): Promise<RgbaImage> {
  const name = file.name ?? 'that file';
  if (file.type && !file.type.startsWith('image/')) {
    throw new ImageFileError(`"${name}" is not an image (it is ${file.type}). Choose a PNG, JPEG or WebP.`);
  }
  if (file.size === 0) throw new ImageFileError(`"${name}" is empty. Choose a PNG, JPEG or WebP.`);
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new ImageFileError(`"${name}" is ${mb(file.size)}; images up to ${mb(MAX_UPLOAD_BYTES)} can be used. Choose a smaller file.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageFileError(`"${name}" could not be read as an image. Choose a PNG, JPEG or WebP.`);
  }
  const problem = decodedSizeProblem(bitmap.width, bitmap.height, name);
  if (problem) {
    bitmap.close();
    throw new ImageFileError(problem);
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d');
  if (!g) throw new ImageFileError('This browser could not open a 2D canvas to read the image.');
  g.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const { data } = g.getImageData(0, 0, width, height);
  return { width, height, data };
}

/** Draws an RgbaImage into a canvas element (for the image cards). */
export function paintImage(canvas: HTMLCanvasElement, image: RgbaImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const data = new Uint8ClampedArray(image.data); // ImageData needs a plain (non-shared) buffer of its own
  canvas.getContext('2d')?.putImageData(new ImageData(data, image.width, image.height), 0, 0);
}
