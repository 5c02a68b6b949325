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
