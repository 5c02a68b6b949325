import type { RgbaImage } from './image';

/** RGB planes (CHW) of an RGBA image, scaled by `scale` (1/255 gives [0,1]); alpha is dropped. */
export function rgbPlanes(image: RgbaImage, scale = 1): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    out[i] = image.data[i * 4] * scale;
    out[n + i] = image.data[i * 4 + 1] * scale;
    out[2 * n + i] = image.data[i * 4 + 2] * scale;
  }
  return out;
}

/** An opaque RGBA image from RGB planes holding 0..255 values (rounded and clamped). */
export function imageFromPlanes(planes: Float32Array, width: number, height: number): RgbaImage {
  const n = width * height;
  const data = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = planes[i];
    data[i * 4 + 1] = planes[n + i];
    data[i * 4 + 2] = planes[2 * n + i];
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}
