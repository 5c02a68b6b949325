import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createImage } from '../image';
import { alphaBox, hasValidAlpha } from './alpha';
import { composeCrop, squarePadding } from './compose';

describe('alpha validity (20-bin histogram, ≥1% in the first and in the last bin)', () => {
  function withAlpha(values: number[]): ReturnType<typeof createImage> {
    const img = createImage(values.length, 1, [10, 20, 30, 255]);
    values.forEach((a, i) => (img.data[i * 4 + 3] = a));
    return img;
  }
  const mid = (n: number) => Array<number>(n).fill(128);

  it('accepts exactly 1% in each end bin, bins being 12.8 wide', () => {
    expect(hasValidAlpha(withAlpha([12, 244, ...mid(98)]))).toBe(true);
    expect(hasValidAlpha(withAlpha([13, 244, ...mid(98)]))).toBe(false); // 13 is in bin 1
    expect(hasValidAlpha(withAlpha([12, 243, ...mid(98)]))).toBe(false); // 243 is in bin 18
    expect(hasValidAlpha(withAlpha([12, 255, ...mid(198)]))).toBe(false); // 0.5% each
  });

  it('rejects an opaque photo and a fully transparent one', () => {
    expect(hasValidAlpha(createImage(20, 20, [1, 2, 3, 255]))).toBe(false);
    expect(hasValidAlpha(createImage(20, 20, [1, 2, 3, 0]))).toBe(false);
  });

  it('boxes the pixels with alpha > 0, inclusive', () => {
    const img = createImage(30, 20, [0, 0, 0, 0]);
    img.data[(3 * 30 + 7) * 4 + 3] = 1;
    img.data[(15 * 30 + 21) * 4 + 3] = 255;
    expect(alphaBox(img)).toEqual({ x: 7, y: 3, w: 15, h: 13 });
    expect(alphaBox(createImage(5, 5, [0, 0, 0, 0]))).toBeNull();
  });
});

describe('square-ish padding (PartCrafter prepare_image step 10)', () => {
  it.each([
    [40, 20, { left: 4, right: 4, top: 14, bottom: 14 }], // w > h, even difference
    [41, 20, { left: 4, right: 4, top: 14, bottom: 14 }], // w > h, odd: trunc(4 + 10.5) = 14
    [20, 40, { top: 4, bottom: 4, left: 14, right: 14 }], // w < h, even
    [20, 41, { top: 4, bottom: 4, left: 14, right: 14 }], // w < h, odd
    [9, 4, { left: 0, right: 0, top: 2, bottom: 2 }], // 10% truncates to 0
    [33, 33, { top: 3, bottom: 3, left: 3, right: 3 }],
  ])('pads %i×%i with the integer formulas', (w, h, pad) => {
    expect(squarePadding(w, h)).toEqual(pad);
  });

  it.each([
    [40, 20],
    [41, 20],
    [20, 40],
    [20, 41],
    [33, 33],
    [8, 3],
  ])('ends within 1 px of square (%i×%i)', (w, h) => {
    const p = squarePadding(w, h);
    const W = w + p.left + p.right;
    const H = h + p.top + p.bottom;
    expect(Math.abs(W - H)).toBe(Math.abs(w - h) % 2);
  });
});

describe('composite, crop and pad', () => {
  const img = createImage(30, 20, [100, 150, 200, 255]);
  const alpha = new Float32Array(600);
  for (let y = 4; y < 16; y++) for (let x = 9; x < 30; x++) alpha[y * 30 + x] = 1;
  alpha[5 * 30 + 10] = 0.5;
  alpha[5 * 30 + 11] = 0;
  const box = { x: 9, y: 4, w: 21, h: 12 }; // w > h, odd difference
  const out = composeCrop(img, alpha, box);
  const p = squarePadding(21, 12);
  const px = (x: number, y: number) => [...out.data.slice((y * out.width + x) * 4, (y * out.width + x) * 4 + 4)];

  it('places the crop inside the padding', () => {
    expect([out.width, out.height]).toEqual([21 + 2 * p.left, 12 + 2 * p.top]);
    expect(px(p.left, p.top)).toEqual([100, 150, 200, 255]);
    expect(px(p.left + 20, p.top + 11)).toEqual([100, 150, 200, 255]);
  });

  it('fills the padding with white, opaque', () => {
    for (let x = 0; x < out.width; x++) {
      expect(px(x, p.top - 1)).toEqual([255, 255, 255, 255]);
      expect(px(x, p.top + 12)).toEqual([255, 255, 255, 255]);
    }
    for (let y = 0; y < out.height; y++) {
      expect(px(p.left - 1, y)).toEqual([255, 255, 255, 255]);
      expect(px(p.left + 21, y)).toEqual([255, 255, 255, 255]);
    }
  });

  it('blends rgb·α + white·(1−α) and truncates', () => {
    expect(px(p.left + 1, p.top + 1)).toEqual([177, 202, 227, 255]); // trunc(v/2 + 127.5)
    expect(px(p.left + 2, p.top + 1)).toEqual([255, 255, 255, 255]);
  });
});

describe("composite arithmetic, as upstream's float32 tensors", () => {
  it("gives upstream's level for every value and every 8-bit alpha (numpy float32 reference)", () => {
    // Pixel (v, a): value v in every channel, alpha a/255 as the upload's own transparency gives it.
    const img = createImage(256, 256);
    const alpha = new Float32Array(256 * 256);
    for (let a = 0; a < 256; a++)
      for (let v = 0; v < 256; v++) {
        img.data.set([v, v, v, 255], (a * 256 + v) * 4);
        alpha[a * 256 + v] = a / 255;
      }
    const out = composeCrop(img, alpha, { x: 0, y: 0, w: 256, h: 256 });
    const pad = squarePadding(256, 256);
    const ours = Array.from({ length: 256 * 256 }, (_, i) => out.data[(((i >> 8) + pad.top) * out.width + (i & 255) + pad.left) * 4]);
    const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import numpy']).status === 0);
    if (!python) throw new Error('python3 with numpy is needed for this test (apt-get install python3-numpy)');
    // PartCrafter's load_image: rgb = uint8/255, alpha = uint8/255, rgb·α + bg·(1 − α), then ·255 to uint8.
    const r = spawnSync(python, [
      '-c',
      `
import numpy as np, json
f = np.float32
a = (np.arange(256, dtype=f) / f(255))[:, None]
v = (np.arange(256, dtype=f) / f(255))[None, :]
out = ((v * a + f(1) * (f(1) - a)) * f(255)).astype(np.uint8)
print(json.dumps(out.ravel().tolist()))`,
    ]);
    expect(r.status, r.stderr?.toString()).toBe(0);
    const want = JSON.parse(r.stdout.toString()) as number[];
    const differ = want.filter((w, i) => w !== ours[i]).length;
    expect(differ).toBe(0);
  });
});
