import { describe, expect, it } from 'vitest';
import { createNodeContext } from '../../runtime/node-context';
import { createImage, type RgbaImage } from '../image';
import { hasValidAlpha, alphaBox } from './alpha';
import { composeCrop, squarePadding } from './compose';
import { label8, largestBox, removeSmallComponents } from './components';
import { otsuLevel } from './otsu';
import { cutout, NoObjectError } from './run';

function discImage(w: number, h: number, cx: number, cy: number, r: number, rgb = [40, 90, 160]): RgbaImage {
  const img = createImage(w, h, [255, 255, 255, 255]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < r * r) img.data.set([...rgb, 255], (y * w + x) * 4);
  }
  return img;
}

describe('Otsu', () => {
  it('splits a bimodal histogram between its modes', () => {
    const hist = new Float64Array(256);
    for (let i = 0; i < 256; i++) hist[i] = 1000 * Math.exp(-((i - 40) ** 2) / 50) + 500 * Math.exp(-((i - 200) ** 2) / 80);
    const t = otsuLevel(hist);
    expect(t).toBeGreaterThan(60);
    expect(t).toBeLessThan(180);
  });

  it('puts a two-value histogram at the lower value', () => {
    const hist = new Float64Array(256);
    hist[10] = 70;
    hist[240] = 30;
    expect(otsuLevel(hist)).toBe(10); // pixels > level are foreground: exactly the 240s
  });
});

describe('connected components', () => {
  const W = 60, H = 40;
  const mask = new Uint8Array(W * H);
  const fill = (x0: number, y0: number, w: number, h: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) mask[y * W + x] = 1;
  };
  fill(0, 0, 15, 10); // 150 px
  fill(30, 5, 25, 10); // 250 px
  fill(15, 10, 1, 1); // touches the first block diagonally only

  it('joins diagonal neighbours (8-connectivity)', () => {
    const { components } = label8(mask, W, H);
    expect(components.map((c) => c.area).sort((a, b) => a - b)).toEqual([151, 250]);
  });

  it('removes components under the area threshold and keeps the rest', () => {
    const { mask: out, components } = removeSmallComponents(mask, W, H, 200);
    expect(components).toHaveLength(1);
    expect(out[0]).toBe(0);
    expect(out[5 * W + 30]).toBe(1);
    expect(largestBox(components)).toEqual({ x: 30, y: 5, w: 25, h: 10 });
  });
});

describe('crop and square padding', () => {
  it.each([
    [40, 20, { left: 4, right: 4, top: 14, bottom: 14 }], // w > h, even difference
    [41, 20, { left: 4, right: 4, top: 14, bottom: 14 }], // odd difference: trunc(4 + 10.5) = 14 → 1 px off square
    [20, 41, { top: 4, bottom: 4, left: 14, right: 14 }],
    [33, 33, { top: 3, bottom: 3, left: 3, right: 3 }],
  ])('pads %i×%i as upstream does', (w, h, pad) => {
    expect(squarePadding(w, h)).toEqual(pad);
  });

  it('composites on white inside the box and pads with white', () => {
    const img = discImage(30, 20, 15, 10, 6);
    const alpha = new Float32Array(600);
    for (let i = 0; i < 600; i++) alpha[i] = img.data[i * 4] < 255 ? 1 : 0;
    const out = composeCrop(img, alpha, { x: 9, y: 4, w: 12, h: 12 });
    expect([out.width, out.height]).toEqual([12 + 2, 12 + 2]);
    const centre = (7 * out.width + 7) * 4;
    expect([...out.data.slice(centre, centre + 3)]).toEqual([40, 90, 160]);
    expect([...out.data.slice(0, 4)]).toEqual([255, 255, 255, 255]);
  });
});

describe('alpha validity', () => {
  it('accepts a cut-out with transparent surroundings and rejects an opaque photo', () => {
    const img = discImage(40, 40, 20, 20, 10);
    expect(hasValidAlpha(img)).toBe(false);
    for (let i = 0; i < 1600; i++) if (img.data[i * 4] === 255) img.data[i * 4 + 3] = 0;
    expect(hasValidAlpha(img)).toBe(true);
    expect(alphaBox(img)).toEqual({ x: 10, y: 10, w: 20, h: 20 });
  });
});

describe('cutout stage on the fixture RMBG', () => {
  it.each([[96, 80], [97, 81]])('crops a dark disc on white tightly and pads square-ish (%i×%i)', async (W, H) => {
    const ctx = createNodeContext();
    const img = discImage(W, H, 40, 38, 14);
    const { image, usedModel } = await cutout(ctx, img);
    expect(usedModel).toBe(true);
    // The disc spans 28 px; the crop box must be the disc's box (±1 px from resampling), padded by 10%.
    const pad = squarePadding(image.width, image.height);
    expect(image.width).toBeGreaterThanOrEqual(28 + 2 * 2);
    expect(image.width).toBeLessThanOrEqual(30 + 2 * 3 + 1);
    expect(Math.abs(image.width - image.height)).toBeLessThanOrEqual(1);
    expect(pad.left).toBeGreaterThan(0);
    const px = (x: number, y: number) => [...image.data.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 3)];
    expect(px(0, 0)).toEqual([255, 255, 255]);
    expect(px(image.width >> 1, image.height >> 1)).toEqual([40, 90, 160]);
  });

  it('uses a valid alpha channel and skips the model', async () => {
    const img = discImage(50, 50, 25, 25, 12);
    for (let i = 0; i < 2500; i++) if (img.data[i * 4] === 255) img.data[i * 4 + 3] = 0;
    const { usedModel, image } = await cutout(createNodeContext(), img);
    expect(usedModel).toBe(false);
    expect(image.width).toBe(24 + 2 * 2);
  });

  it('says clearly when no object is found', async () => {
    const img = discImage(50, 50, 25, 25, 4); // 50 px object: below the 200 px component floor
    await expect(cutout(createNodeContext(), img)).rejects.toBeInstanceOf(NoObjectError);
  });
});
