import { describe, expect, it } from 'vitest';
import { createRng } from './random';
import { resizePlanes, resizeUint8Planes } from './resample';

function randomPlanes(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(rng.next() * 256));
}

describe('PIL-style uint8 resize', () => {
  it('leaves an image alone when the size does not change', () => {
    const src = randomPlanes(2 * 7 * 5, 1);
    expect([...resizeUint8Planes(src, 2, 7, 5, 7, 5, 'bicubic')]).toEqual([...src]);
  });

  it('keeps a flat colour flat, shrinking and enlarging', () => {
    const src = new Float32Array(3 * 40 * 30);
    for (let c = 0; c < 3; c++) src.fill([7, 128, 255][c], c * 1200, (c + 1) * 1200);
    for (const [w, h] of [
      [17, 9],
      [90, 31],
      [40, 11],
    ]) {
      const out = resizeUint8Planes(src, 3, 40, 30, w, h, 'bicubic');
      for (let c = 0; c < 3; c++) expect(new Set(out.subarray(c * w * h, (c + 1) * w * h))).toEqual(new Set([[7, 128, 255][c]]));
    }
  });

  it.each([
    [37, 23, 16, 11],
    [20, 30, 45, 30],
    [33, 33, 33, 70],
  ])('stays within one level of the exact float resize (%i×%i → %i×%i)', (sw, sh, dw, dh) => {
    const src = randomPlanes(sw * sh, sw * 31 + dh);
    const exact = resizePlanes(src, 1, sw, sh, dw, dh, 'bicubic');
    const u8 = resizeUint8Planes(src, 1, sw, sh, dw, dh, 'bicubic');
    for (let i = 0; i < u8.length; i++) {
      expect(Math.abs(u8[i] - Math.min(255, Math.max(0, exact[i])))).toBeLessThanOrEqual(1);
    }
  });
});
