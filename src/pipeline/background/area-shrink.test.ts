import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image';
import { createRng } from '../random';
import { resizeArea } from './area-shrink';

function randomImage(seed: number, w: number, h: number, smooth: boolean): RgbaImage {
  const rng = createRng(seed);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 4; c++) {
        data[(y * w + x) * 4 + c] = smooth
          ? Math.round(127.5 + 120 * Math.sin(x / 9 + c) * Math.cos(y / 13))
          : Math.floor(rng.next() * 256);
      }
  return { width: w, height: h, data };
}

/** Independent reference: each output cell's exact average over the source area it covers, in float64. */
function exactArea(src: RgbaImage, dw: number, dh: number): Float64Array {
  const sx = src.width / dw,
    sy = src.height / dh;
  const out = new Float64Array(dw * dh * 4);
  const overlap = (a0: number, a1: number, i: number) => Math.max(0, Math.min(a1, i + 1) - Math.max(a0, i));
  for (let y = 0; y < dh; y++)
    for (let x = 0; x < dw; x++) {
      for (let j = Math.floor(y * sy); j < Math.min(src.height, Math.ceil((y + 1) * sy)); j++) {
        for (let i = Math.floor(x * sx); i < Math.min(src.width, Math.ceil((x + 1) * sx)); i++) {
          const w = (overlap(x * sx, (x + 1) * sx, i) * overlap(y * sy, (y + 1) * sy, j)) / (sx * sy);
          for (let c = 0; c < 4; c++) out[(y * dw + x) * 4 + c] += w * src.data[(j * src.width + i) * 4 + c];
        }
      }
    }
  return out;
}

describe('INTER_AREA shrink', () => {
  it("averages 2×2 blocks rounding halves up, as OpenCV's fast path does", () => {
    const src = randomImage(1, 64, 48, false);
    const out = resizeArea(src, 32, 24);
    let wrong = 0,
      halves = 0;
    for (let y = 0; y < 24; y++)
      for (let x = 0; x < 32; x++)
        for (let c = 0; c < 4; c++) {
          const at = (i: number, j: number) => src.data[((2 * y + j) * 64 + 2 * x + i) * 4 + c];
          const sum = at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1);
          if (out.data[(y * 32 + x) * 4 + c] !== (sum + 2) >> 2) wrong++;
          if (sum % 4 === 2) halves++;
        }
    expect(wrong).toBe(0);
    expect(halves).toBeGreaterThan(500); // the ties that round-half-even would get wrong are there
  });

  it('stays within a level of the exact area average for 60 random shrinks, and mostly equals it', () => {
    const rng = createRng(4);
    let equal = 0,
      total = 0,
      over = 0;
    for (let k = 0; k < 60; k++) {
      const sw = 4 + Math.floor(rng.next() * 90),
        sh = 4 + Math.floor(rng.next() * 90);
      const dw = 1 + Math.floor(rng.next() * sw),
        dh = 1 + Math.floor(rng.next() * sh);
      const src = randomImage(k, sw, sh, k % 2 === 0);
      const got = resizeArea(src, dw, dh).data;
      const want = exactArea(src, dw, dh);
      for (let i = 0; i < got.length; i++) {
        if (Math.abs(got[i] - want[i]) > 1) over++;
        if (got[i] === Math.round(want[i])) equal++;
        total++;
      }
    }
    expect(over).toBe(0);
    expect(equal / total).toBeGreaterThan(0.97);
  });

  it('keeps a flat colour flat at any factor', () => {
    const src: RgbaImage = { width: 97, height: 61, data: new Uint8ClampedArray(97 * 61 * 4).fill(201) };
    for (const [w, h] of [
      [48, 30],
      [32, 20],
      [13, 7],
      [96, 60],
      [1, 1],
    ]) {
      expect(new Set(resizeArea(src, w, h).data)).toEqual(new Set([201]));
    }
  });
});
