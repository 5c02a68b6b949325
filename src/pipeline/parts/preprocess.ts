// DINOv2 input as BitImageProcessor makes it (shared/specs/partcrafter.md §3.1): shortest edge to
// dims.dinoResize with antialiased bicubic on uint8, centre crop dims.dinoCrop, ×1/255, ImageNet
// normalisation, CHW float32.
import type { ModelDims } from '../../../models/model-set';
import type { RgbaImage } from '../image';
import { rgbPlanes } from '../planes';
import { resizePlanes } from '../resample';

export function resizedSize(width: number, height: number, shortest: number): [number, number] {
  return width <= height
    ? [shortest, Math.trunc((shortest * height) / width)]
    : [Math.trunc((shortest * width) / height), shortest];
}

export function dinoPixelValues(image: RgbaImage, dims: ModelDims): Float32Array {
  const [w, h] = resizedSize(image.width, image.height, dims.dinoResize);
  const resized = resizePlanes(rgbPlanes(image), 3, image.width, image.height, w, h, 'bicubic');
  const S = dims.dinoCrop;
  const top = (h - S) >> 1;
  const left = (w - S) >> 1;
  const out = new Float32Array(3 * S * S);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        // PIL resizes uint8 → uint8: round and clamp before rescaling.
        const u8 = Math.min(255, Math.max(0, Math.round(resized[c * w * h + (top + y) * w + left + x])));
        out[c * S * S + y * S + x] = (u8 / 255 - dims.dinoMean[c]) / dims.dinoStd[c];
      }
    }
  }
  return out;
}
