// 8-connected components of a binary mask, for PartCrafter's small-blob removal and "largest object" box.
import type { Box } from './alpha';

export interface Component {
  area: number;
  box: Box;
}

export interface Labels {
  labels: Int32Array; // 0 = background, k ≥ 1 = component k−1
  components: Component[];
}

export function label8(mask: Uint8Array, width: number, height: number): Labels {
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = components.length + 1;
    let area = 0, x0 = width, y0 = height, x1 = 0, y1 = 0;
    labels[start] = id;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (mask[j] && !labels[j]) {
          labels[j] = id;
          stack.push(j);
        }
      }
    }
    components.push({ area, box: { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } });
  }
  return { labels, components };
}

/** Drops components smaller than `minArea` pixels; returns the cleaned 0/1 mask and the survivors. */
export function removeSmallComponents(
  mask: Uint8Array, width: number, height: number, minArea: number,
): { mask: Uint8Array; components: Component[] } {
  const { labels, components } = label8(mask, width, height);
  const keep = components.map((c) => c.area >= minArea);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = labels[i] && keep[labels[i] - 1] ? 1 : 0;
  return { mask: out, components: components.filter((_, k) => keep[k]) };
}

/** The box of the largest component by area (upstream uses the largest external contour; same object). */
export function largestBox(components: Component[]): Box | null {
  let best: Component | null = null;
  for (const c of components) if (!best || c.area > best.area) best = c;
  return best ? best.box : null;
}
