import { describe, expect, it } from 'vitest';
import { createImage } from '../image';
import { composeCrop } from './compose';
import { label8, largestBox, removeSmallComponents } from './components';
import { hardenMask } from './mask';
import { drawComb, drawDisc, drawRect, randomMask, type MaskCase } from './random-masks';

function canvas(W: number, H: number) {
  const m: MaskCase = { width: W, height: H, mask: new Uint8Array(W * H) };
  return { m, mask: m.mask, fill: (x: number, y: number, w: number, h: number, v = 1) => drawRect(m, x, y, w, h, v) };
}

/**
 * Independent reference for a component's outer contour area: fill its holes (background not reachable
 * from outside through non-component pixels, 4-connected) and, over every 2×2 block of pixel centres,
 * count a full block as 1 and a block with three filled corners as the half square their diagonal cuts.
 */
function blockArea(labels: Int32Array, W: number, H: number, id: number): number {
  const PW = W + 2,
    PH = H + 2; // a one-pixel frame, so "outside" is connected
  const own = (x: number, y: number) => x >= 1 && y >= 1 && x <= W && y <= H && labels[(y - 1) * W + x - 1] === id;
  const outside = new Uint8Array(PW * PH);
  const queue = [0];
  outside[0] = 1;
  while (queue.length) {
    const i = queue.pop()!;
    const x = i % PW,
      y = (i - x) / PW;
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]) {
      const nx = x + dx,
        ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= PW || ny >= PH || outside[ny * PW + nx] || own(nx, ny)) continue;
      outside[ny * PW + nx] = 1;
      queue.push(ny * PW + nx);
    }
  }
  let area = 0;
  for (let y = 0; y + 1 < PH; y++)
    for (let x = 0; x + 1 < PW; x++) {
      const n = [y * PW + x, y * PW + x + 1, (y + 1) * PW + x, (y + 1) * PW + x + 1].filter((i) => !outside[i]).length;
      area += n === 4 ? 1 : n === 3 ? 0.5 : 0;
    }
  return area;
}

describe('small component removal', () => {
  const { mask, fill } = canvas(80, 40);
  fill(2, 2, 15, 10); // 150 px
  fill(40, 5, 25, 10); // 250 px

  it('removes a 150 px blob and keeps a 250 px one at the default 200 px floor', () => {
    const { mask: out, components } = removeSmallComponents(mask, 80, 40, 200);
    expect(components.map((c) => c.area)).toEqual([250]);
    expect(out[5 * 80 + 5]).toBe(0);
    expect(out[6 * 80 + 50]).toBe(1);
    expect(out.reduce((a, b) => a + b, 0)).toBe(250);
  });

  it('takes the floor as a parameter', () => {
    expect(removeSmallComponents(mask, 80, 40, 100).components).toHaveLength(2);
    expect(removeSmallComponents(mask, 80, 40, 251).components).toHaveLength(0);
  });
});

describe('8-connectivity', () => {
  it('joins blocks that touch only at a corner, so two 120 px halves survive together', () => {
    const { mask, fill } = canvas(40, 30);
    fill(2, 2, 12, 10); // 120 px, bottom-right pixel (13, 11)
    fill(14, 12, 12, 10); // 120 px, top-left pixel (14, 12): a diagonal neighbour only
    const { components } = label8(mask, 40, 30);
    expect(components).toHaveLength(1);
    expect(components[0].area).toBe(240);
    expect(components[0].box).toEqual({ x: 2, y: 2, w: 24, h: 20 });
    expect(removeSmallComponents(mask, 40, 30, 200).components).toHaveLength(1);
  });
});

describe('largest object by contour area, as upstream ranks', () => {
  it('picks a solid disc of ~5,000 px over a 2 px wide comb of ~6,600 px: a 97×97 crop, not 360×360', () => {
    const W = 480,
      H = 400;
    const { m } = canvas(W, H);
    drawComb(m, 10, 10, 10, 300, 2, 31); // ten 2×300 teeth on a 2 px spine: 299 × 300
    drawDisc(m, 420, 340, 40); // 81 × 81
    // The cutout's path after RMBG: soft mask → uint8 → Otsu → small blobs dropped → box → crop.
    const { mask, components } = hardenMask(Float32Array.from(m.mask), W, H, 200);
    const [comb, disc] = components;
    expect(comb.area).toBeGreaterThan(6_500);
    expect(disc.area).toBeGreaterThan(5_000);
    expect(disc.area).toBeLessThan(comb.area);
    expect(comb.contourArea).toBeLessThan(disc.contourArea);
    const box = largestBox(components)!;
    expect(box).toEqual({ x: 380, y: 300, w: 81, h: 81 });
    const image = createImage(W, H, [0, 0, 0, 255]);
    const crop = composeCrop(image, Float32Array.from(mask), box);
    expect([crop.width, crop.height]).toEqual([97, 97]);
  });

  it('measures a ring by what its outline encloses, so it beats a solid blob with more pixels', () => {
    const { mask, fill } = canvas(60, 40);
    fill(2, 2, 20, 20); // ring: 20×20 outline, 1 px thick = 76 px; its contour encloses 19 × 19
    fill(3, 3, 18, 18, 0);
    fill(35, 5, 12, 12); // solid 144 px, contour area 11 × 11
    const { components } = label8(mask, 60, 40);
    expect(components.map((c) => c.area)).toEqual([76, 144]);
    expect(components.map((c) => c.contourArea)).toEqual([361, 121]);
    expect(largestBox(components)).toEqual({ x: 2, y: 2, w: 20, h: 20 });
  });

  it('gives a pixel, a 1 px line and a diagonal chain no area, and a 2 px stroke its length − 1', () => {
    const { m, mask, fill } = canvas(40, 12);
    fill(0, 0, 1, 1);
    fill(3, 0, 30, 1);
    for (let k = 0; k < 8; k++) fill(3 + k, 2 + k, 1, 1);
    fill(15, 4, 20, 2);
    drawRect(m, 39, 11, 1, 1);
    expect(label8(mask, 40, 12).components.map((c) => c.contourArea)).toEqual([0, 0, 0, 19, 0]);
  });

  it('breaks ties as findContours lists them: the object starting last in raster order', () => {
    const { mask, fill } = canvas(12, 10);
    fill(0, 0, 3, 3);
    fill(7, 6, 3, 3);
    expect(largestBox(label8(mask, 12, 10).components)).toEqual({ x: 7, y: 6, w: 3, h: 3 });
  });

  it('never lets an island in a hole outrank its host', () => {
    const { mask, fill } = canvas(40, 40);
    fill(1, 1, 30, 30); // frame 2 px thick around a 26×26 hole
    fill(3, 3, 26, 26, 0);
    fill(4, 4, 24, 24); // island filling almost all of the hole
    const { components } = label8(mask, 40, 40);
    expect(components[0].contourArea).toBeGreaterThan(components[1].contourArea);
    expect(largestBox(components)).toEqual({ x: 1, y: 1, w: 30, h: 30 });
  });

  it('agrees with the filled-block reference on 400 random masks, and ranks by it', () => {
    let disagreeWithPixels = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { width: W, height: H, mask } = randomMask(seed);
      const { labels, components } = label8(mask, W, H);
      const ref = components.map((_, k) => blockArea(labels, W, H, k + 1));
      expect(
        components.map((c) => c.contourArea),
        `seed ${seed}`,
      ).toEqual(ref);
      const byPixels = components.reduce((b, c) => (c.area > b.area ? c : b), components[0]);
      if (components.length && byPixels.box !== largestBox(components)) disagreeWithPixels++;
    }
    expect(disagreeWithPixels).toBeGreaterThan(10); // the class of input where the two rules differ is exercised
  });

  it('has no box for an empty mask', () => {
    expect(largestBox(label8(new Uint8Array(100), 10, 10).components)).toBeNull();
  });
});
