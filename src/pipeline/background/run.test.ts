import { describe, expect, it } from 'vitest';
import type { GraphKey } from '../../../models/model-set';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createNodeContext } from '../../runtime/node-context';
import type { StageContext } from '../../runtime/context';
import { createImage, type RgbaImage } from '../image';
import type { ProgressEvent } from '../../leaf/progress';
import { AbortError } from '../../leaf/abort';
import { resizeArea } from './area-shrink';
import { squarePadding } from './compose';
import { BlackImageError } from './mask';
import { cutout, NoObjectError } from './run';

const DISC = [40, 90, 160];

function discImage(w: number, h: number, cx: number, cy: number, r: number): RgbaImage {
  const img = createImage(w, h, [255, 255, 255, 255]);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < r * r) img.data.set([...DISC, 255], (y * w + x) * 4);
    }
  return img;
}

/** Box of the pixels that are not white, measured on the image itself. */
function inkBox(img: RgbaImage) {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i] < 255 || img.data[i + 1] < 255 || img.data[i + 2] < 255) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Records which graphs a stage asks for, without standing in for them. */
function watched(ctx: StageContext): { ctx: StageContext; asked: GraphKey[] } {
  const asked: GraphKey[] = [];
  const graphs = { ...ctx.graphs, get: (k: GraphKey) => (asked.push(k), ctx.graphs.get(k)) };
  return { ctx: { ...ctx, graphs }, asked };
}

describe('cutout on the fixture RMBG', () => {
  it('crops exactly to the disc when no resampling blurs the mask (image at the model size)', async () => {
    const S = FIXTURE_SET.dims.rmbgSize;
    const img = discImage(S, S, 30, 27, 11);
    const { image, usedModel, box } = await cutout(createNodeContext(), img);
    expect(usedModel).toBe(true);
    expect(box).toEqual(inkBox(img));
    const p = squarePadding(box.w, box.h);
    expect([image.width, image.height]).toEqual([box.w + p.left + p.right, box.h + p.top + p.bottom]);
    expect(inkBox(image)).toEqual({ x: p.left, y: p.top, w: box.w, h: box.h });
  });

  it.each([
    [96, 80],
    [81, 97],
  ])('crops a %i×%i picture tightly around the disc and pads it square-ish', async (W, H) => {
    const img = discImage(W, H, 41, 37, 14);
    const disc = inkBox(img);
    const { image, box } = await cutout(createNodeContext(), img);
    // The mask goes through the model's 64×64 and back: allow a pixel of blur per edge, no more.
    expect(Math.abs(box.x - disc.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.y - disc.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.x + box.w - disc.x - disc.w)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.y + box.h - disc.y - disc.h)).toBeLessThanOrEqual(1);
    expect(Math.abs(image.width - image.height)).toBeLessThanOrEqual(1);
    const p = squarePadding(box.w, box.h);
    expect(p.left).toBeGreaterThan(0);
    expect(p.top).toBeGreaterThan(0);
    // White all round the crop; the object sits inside the padded frame, its centre keeps its colour.
    const ink = inkBox(image);
    expect(ink.x).toBeGreaterThanOrEqual(p.left);
    expect(ink.y).toBeGreaterThanOrEqual(p.top);
    expect(ink.x + ink.w).toBeLessThanOrEqual(p.left + box.w);
    expect(ink.y + ink.h).toBeLessThanOrEqual(p.top + box.h);
    const c = ((image.height >> 1) * image.width + (image.width >> 1)) * 4;
    expect([...image.data.slice(c, c + 3)]).toEqual(DISC);
  });

  it('shrinks a picture over the size cap as upstream does (INTER_AREA), before anything else', async () => {
    for (const [W, H, cap] of [
      [192, 128, 96],
      [150, 120, 64],
    ]) {
      const img = discImage(W, H, W * 0.45, H * 0.55, H * 0.3);
      const s = cap / Math.max(W, H);
      const shrunk = resizeArea(img, Math.trunc(W * s), Math.trunc(H * s));
      const capped = await cutout(createNodeContext(), img, { maxSide: cap });
      const direct = await cutout(createNodeContext(), shrunk, { maxSide: cap });
      expect(capped.box).toEqual(direct.box);
      expect(Buffer.from(capped.image.data).equals(Buffer.from(direct.image.data))).toBe(true);
    }
  });

  it('uses a valid alpha channel and never asks for the RMBG graph', async () => {
    const img = discImage(50, 50, 25, 25, 12);
    const disc = inkBox(img);
    for (let i = 0; i < 2500; i++) if (img.data[i * 4] === 255) img.data[i * 4 + 3] = 0;
    const { ctx, asked } = watched(createNodeContext());
    const { usedModel, image, box } = await cutout(ctx, img);
    expect(usedModel).toBe(false);
    expect(asked).toEqual([]);
    expect(box).toEqual(disc);
    expect(image.width).toBe(box.w + 2 * squarePadding(box.w, box.h).left);
  });

  it('ignores an alpha channel that is not a cut-out and runs the model', async () => {
    const img = discImage(64, 64, 32, 32, 12);
    for (let i = 0; i < 64 * 64; i++) img.data[i * 4 + 3] = 200; // a uniform haze, not a cut-out
    const { ctx, asked } = watched(createNodeContext());
    expect((await cutout(ctx, img)).usedModel).toBe(true);
    expect(asked).toEqual(['rmbg']);
  });

  it('says "no object found" when only blobs under the 200 px floor remain', async () => {
    const img = discImage(64, 64, 32, 32, 7); // about 150 px
    await expect(cutout(createNodeContext(), img)).rejects.toThrow(NoObjectError);
    await expect(cutout(createNodeContext(), img)).rejects.toThrow(/no object found in the image/i);
    // The floor is a parameter: lowered, the same disc is found.
    expect((await cutout(createNodeContext(), img, { minArea: 50 })).box.w).toBeGreaterThan(10);
  });

  it('rejects a pure black image in plain words', async () => {
    await expect(cutout(createNodeContext(), createImage(32, 32, [0, 0, 0, 255]))).rejects.toThrow(BlackImageError);
  });

  it('reports the cutout stage and stops when cancelled', async () => {
    const events: ProgressEvent[] = [];
    const img = discImage(64, 64, 32, 32, 12);
    await cutout(createNodeContext(FIXTURE_SET, { onProgress: (e) => events.push(e) }), img);
    expect(events.every((e) => e.stage === 'cutout')).toBe(true);
    expect(events[0].status).toBe('start');
    expect(events.at(-1)!.status).toBe('done');
    const controller = new AbortController();
    const ctx = createNodeContext(FIXTURE_SET, {
      signal: controller.signal,
      onProgress: (e) => e.status === 'progress' && e.step === 1 && controller.abort(),
    });
    await expect(cutout(ctx, img)).rejects.toBeInstanceOf(AbortError);
  });
});
