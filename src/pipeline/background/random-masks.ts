// Test shapes for the component and contour tests: random masks whose components disagree on pixel count
// and contour area (thin strokes, combs, rings with holes, islands in holes, specks, diagonal chains).
import { createRng, type Rng } from '../random';

export interface MaskCase {
  width: number;
  height: number;
  mask: Uint8Array;
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

export function drawDisc(m: MaskCase, cx: number, cy: number, r: number, v = 1): void {
  for (let y = 0; y < m.height; y++)
    for (let x = 0; x < m.width; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) m.mask[y * m.width + x] = v;
    }
}

export function drawRect(m: MaskCase, x0: number, y0: number, w: number, h: number, v = 1): void {
  for (let y = Math.max(0, y0); y < Math.min(m.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(m.width, x0 + w); x++) m.mask[y * m.width + x] = v;
  }
}

/** A comb: a spine `t` px thick and `teeth` teeth `t` px wide, `gap` px apart, `len` px long. */
export function drawComb(m: MaskCase, x0: number, y0: number, teeth: number, len: number, t: number, gap: number): void {
  drawRect(m, x0, y0, teeth * (t + gap) - gap, t);
  for (let k = 0; k < teeth; k++) drawRect(m, x0 + k * (t + gap), y0, t, len);
}

export function randomMask(seed: number): MaskCase {
  const rng = createRng(seed);
  const width = int(rng, 12, 64),
    height = int(rng, 12, 64);
  const m: MaskCase = { width, height, mask: new Uint8Array(width * height) };
  const shapes = int(rng, 1, 7);
  for (let s = 0; s < shapes; s++) {
    const x = int(rng, -4, width),
      y = int(rng, -4, height);
    switch (int(rng, 0, 6)) {
      case 0:
        drawDisc(m, x, y, rng.next() * 12);
        break;
      case 1:
        drawRect(m, x, y, int(rng, 1, 20), int(rng, 1, 20));
        break;
      case 2:
        drawComb(m, x, y, int(rng, 2, 8), int(rng, 2, 20), int(rng, 1, 3), int(rng, 1, 3));
        break;
      case 3: {
        // a ring, sometimes with an island in its hole
        const r = 3 + rng.next() * 12;
        drawDisc(m, x, y, r);
        drawDisc(m, x, y, r - 1 - rng.next() * 3, 0);
        if (rng.next() < 0.5) drawDisc(m, x, y, rng.next() * (r - 4));
        break;
      }
      case 4: {
        // a diagonal chain, 8-connected only
        const n = int(rng, 2, 30),
          dx = rng.next() < 0.5 ? 1 : -1;
        for (let k = 0; k < n; k++) drawRect(m, x + k * dx, y + k, 1, 1);
        break;
      }
      case 5: // noise: specks and small clumps
        for (let k = 0; k < 40; k++) drawRect(m, int(rng, 0, width), int(rng, 0, height), int(rng, 1, 2), int(rng, 1, 2));
        break;
      default: // a random walk, 1–2 px wide
        for (let k = 0, px = x, py = y, w = int(rng, 1, 2); k < 60; k++) {
          drawRect(m, px, py, w, w);
          px += int(rng, -1, 1);
          py += int(rng, -1, 1);
        }
    }
  }
  return m;
}

/** A soft mask (noise below 0.5) with a flat block at `top`, the shape whose maximum the resize must keep. */
export function maskLike(seed: number, sw: number, sh: number, top: number): Float32Array {
  const rng = createRng(seed);
  const m = Float32Array.from({ length: sw * sh }, () => rng.next() * 0.5);
  for (let y = Math.floor(sh * 0.15); y < Math.ceil(sh * 0.8); y++) {
    for (let x = Math.floor(sw * 0.2); x < Math.ceil(sw * 0.8); x++) m[y * sw + x] = top;
  }
  return m;
}
