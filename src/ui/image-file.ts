// "Use my image": a picked or dropped file → RgbaImage. Very large photos are scaled down first: the
// cutout stage resamples to the model size anyway, and a 24-megapixel buffer would only slow transfers.
import type { RgbaImage } from '../pipeline/image';

export const MAX_UPLOAD_SIDE = 2048;

export class ImageFileError extends Error {
  override name = 'ImageFileError';
}

/** Target size keeping the aspect ratio, longest side at most `max`. */
export function fitWithin(width: number, height: number, max = MAX_UPLOAD_SIDE): { width: number; height: number } {
  const s = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

export async function decodeImageFile(file: Blob & { name?: string }): Promise<RgbaImage> {
  if (file.type && !file.type.startsWith('image/')) {
    throw new ImageFileError(`"${file.name ?? 'that file'}" is not an image (it is ${file.type}). Choose a PNG, JPEG or WebP.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageFileError(`"${file.name ?? 'that file'}" could not be read as an image. Choose a PNG, JPEG or WebP.`);
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
