// Composite on white, crop to the object, pad to (nearly) square: PartCrafter's prepare_image steps 8–11.
import type { RgbaImage } from '../image';
import type { Box } from './alpha';

/** Paddings of step 10: 10% of the long side, plus half the difference on the short side (truncated). */
export function squarePadding(w: number, h: number): { top: number; bottom: number; left: number; right: number } {
  if (w > h) {
    const side = Math.trunc(0.1 * w);
    const tb = Math.trunc(side + (w - h) / 2);
    return { left: side, right: side, top: tb, bottom: tb };
  }
  const tb = Math.trunc(0.1 * h);
  const side = Math.trunc(tb + (h - w) / 2);
  return { left: side, right: side, top: tb, bottom: tb };
}

const f32 = Math.fround;

/**
 * rgb·α + white·(1 − α) inside `box`, then white padding around it. `alpha` holds one value in [0,1] per
 * source pixel. Computed as upstream's float32 tensors round it (rgb/255, the two products and their sum,
 * ·255) and truncated to uint8, so a soft edge gets the very levels upstream's does.
 */
export function composeCrop(image: RgbaImage, alpha: Float32Array, box: Box): RgbaImage {
  const pad = squarePadding(box.w, box.h);
  const W = box.w + pad.left + pad.right;
  const H = box.h + pad.top + pad.bottom;
  const data = new Uint8ClampedArray(W * H * 4).fill(255);
  for (let y = 0; y < box.h; y++) {
    for (let x = 0; x < box.w; x++) {
      const si = (box.y + y) * image.width + box.x + x;
      const a = alpha[si];
      const di = ((y + pad.top) * W + x + pad.left) * 4;
      const white = f32(1 - a);
      for (let c = 0; c < 3; c++) data[di + c] = Math.trunc(f32(f32(f32(f32(image.data[si * 4 + c] / 255) * a) + white) * 255));
    }
  }
  return { width: W, height: H, data };
}
