// DINOv2 input as BitImageProcessor makes it (docs/models/partcrafter.md §3.1): shortest edge to
// dims.dinoResize with PIL's antialiased bicubic on uint8 (reproduced bit for bit, fixed point included,
// so the tokens match upstream's), centre crop dims.dinoCrop, ×1/255, ImageNet normalisation, CHW float32.
import type { ModelDims } from '../../../models/model-set';
import type { RgbaImage } from '../image';
import { rgbPlanes } from '../planes';
import { resizeUint8Planes } from '../resample';

export function resizedSize(width: number, height: number, shortest: number): [number, number] {
  return width <= height ? [shortest, Math.trunc((shortest * height) / width)] : [Math.trunc((shortest * width) / height), shortest];
}

export function dinoPixelValues(image: RgbaImage, dims: ModelDims): Float32Array {
  const [w, h] = resizedSize(image.width, image.height, dims.dinoResize);
  const resized = resizeUint8Planes(rgbPlanes(image), 3, image.width, image.height, w, h, 'bicubic');
  const S = dims.dinoCrop;
  const top = (h - S) >> 1;
  const left = (w - S) >> 1;
  const out = new Float32Array(3 * S * S);
  const f = Math.fround;
  for (let c = 0; c < 3; c++) {
    const mean = f(dims.dinoMean[c]);
    const std = f(dims.dinoStd[c]);
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        // Upstream rescales in float64, casts to float32, then normalises in float32 (numpy).
        const v = f(resized[c * w * h + (top + y) * w + left + x] * (1 / 255));
        out[c * S * S + y * S + x] = f(v - mean) / std;
      }
    }
  }
  return out;
}
