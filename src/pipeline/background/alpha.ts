import type { RgbaImage } from '../image';

/**
 * PartCrafter's test for a usable alpha channel: a 20-bin histogram over [0, 256) must have at least 1%
 * of the pixels in the first bin (alpha 0–12) and 1% in the last (244–255). Anything else (an opaque
 * photo, a faint vignette) goes through RMBG instead.
 */
export function hasValidAlpha(image: RgbaImage): boolean {
  const n = image.width * image.height;
  let low = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const bin = Math.floor(image.data[i * 4 + 3] / 12.8);
    if (bin === 0) low++;
    else if (bin === 19) high++;
  }
  return low >= 0.01 * n && high >= 0.01 * n;
}

/** Bounding box of pixels with alpha > 0, inclusive-exclusive: [x, x+w) × [y, y+h). Null when empty. */
export function alphaBox(image: RgbaImage): Box | null {
  const { width, height, data } = image;
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4 + 3] > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
