// A small picture for the history strip: the 3D view as it was drawn for the run (or, without a view, the
// cutout), scaled to fit `size` pixels and encoded once, so the strip only ever shows stored images.
import type { RgbaImage } from '../pipeline/image';

async function encode(source: CanvasImageSource, width: number, height: number, size: number): Promise<Blob> {
  const scale = size / Math.max(width, height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d');
  if (!g) throw new Error('No 2D canvas for the thumbnail.');
  g.imageSmoothingQuality = 'high';
  g.drawImage(source, 0, 0, w, h);
  return c.convertToBlob({ type: 'image/png' });
}

/** From a picture of the view (the view's worker draws it: src/viewer/view-handle.ts viewPng). */
export async function thumbnailOfPicture(picture: Blob, size = 112): Promise<Blob> {
  const bitmap = await createImageBitmap(picture);
  try {
    return await encode(bitmap, bitmap.width, bitmap.height, size);
  } finally {
    bitmap.close();
  }
}

export async function thumbnailOfImage(image: RgbaImage, size = 112): Promise<Blob> {
  const bitmap = await createImageBitmap(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height));
  try {
    return await encode(bitmap, image.width, image.height, size);
  } finally {
    bitmap.close();
  }
}
