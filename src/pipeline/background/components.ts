// Connected components of a binary mask, for PartCrafter's small-blob removal (8-connected, like
// cv2.connectedComponentsWithStats) and its "largest external contour" box.
import type { Box } from './alpha';

export interface Component {
  /** Pixels in the component (what the < 200 px removal counts). */
  area: number;
  /**
   * Pixels enclosed by the component's outer boundary: its own plus those of its holes. Upstream picks
   * the object by the area of its external contour, which counts holes too: a ring around a large hole
   * beats a small solid blob with more pixels.
   */
  outerArea: number;
  box: Box;
}

export interface Labels {
  labels: Int32Array; // 0 = not in any component, k ≥ 1 = component k−1
  components: Component[];
}

const N8 = [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]];
const N4 = [[0, -1], [-1, 0], [1, 0], [0, 1]];

/**
 * Flood-fills every region of pixels whose (mask ≠ 0) equals `fg`. Iterative with a typed stack, so a
 * 2000 px image neither overflows nor allocates per pixel.
 */
function label(mask: Uint8Array, fg: boolean, width: number, height: number, neighbours: number[][]): Labels {
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack = new Int32Array(width * height);
  const inside = (i: number) => (mask[i] !== 0) === fg;
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] || !inside(start)) continue;
    const id = components.length + 1;
    let area = 0, x0 = width, y0 = height, x1 = 0, y1 = 0;
    let top = 0;
    labels[start] = id;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      const x = i % width;
      const y = (i - x) / width;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let k = 0; k < neighbours.length; k++) {
        const nx = x + neighbours[k][0], ny = y + neighbours[k][1];
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (!labels[j] && inside(j)) {
          labels[j] = id;
          stack[top++] = j;
        }
      }
    }
    components.push({ area, outerArea: area, box: { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } });
  }
  return { labels, components };
}

/** 8-connected components of the non-zero pixels, with hole-inclusive outer areas. */
export function label8(mask: Uint8Array, width: number, height: number): Labels {
  const fg = label(mask, true, width, height, N8);
  // The dual of 8-connected foreground is 4-connected background; a background region that does not
  // reach the image border is a hole. Raster order tells who contains whom (as in Suzuki's border
  // following): the pixel above a hole's first pixel is on its rim, so it belongs to the enclosing
  // component; the pixel above a component's first pixel is in the background region around it.
  const bg = label(mask, false, width, height, N4);
  const holesOf: number[][] = fg.components.map(() => []);
  const islandsOf: number[][] = bg.components.map(() => []);
  const seenHole = new Uint8Array(bg.components.length);
  const seenComp = new Uint8Array(fg.components.length);
  for (let i = 0; i < mask.length; i++) {
    const h = bg.labels[i] - 1;
    const c = fg.labels[i] - 1;
    if (h >= 0 && !seenHole[h]) {
      seenHole[h] = 1;
      const { box } = bg.components[h];
      const onBorder = box.x === 0 || box.y === 0 || box.x + box.w === width || box.y + box.h === height;
      if (!onBorder) holesOf[fg.labels[i - width] - 1].push(h);
    } else if (c >= 0 && !seenComp[c]) {
      seenComp[c] = 1;
      if (i >= width) islandsOf[bg.labels[i - width] - 1].push(c);
    }
  }
  const outer = (c: number): number => {
    let a = fg.components[c].area;
    for (const h of holesOf[c]) {
      a += bg.components[h].area;
      for (const d of islandsOf[h]) a += outer(d);
    }
    return a;
  };
  fg.components.forEach((comp, c) => { comp.outerArea = outer(c); });
  return fg;
}

/** Drops components smaller than `minArea` pixels; returns the cleaned 0/1 mask and the survivors. */
export function removeSmallComponents(
  mask: Uint8Array, width: number, height: number, minArea: number,
): { mask: Uint8Array; components: Component[] } {
  const { labels, components } = label8(mask, width, height);
  const keep = components.map((c) => c.area >= minArea);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = labels[i] && keep[labels[i] - 1] ? 1 : 0;
  // A dropped speck inside a hole becomes part of that hole: relabel so the outer areas see it.
  if (keep.every(Boolean)) return { mask: out, components };
  return { mask: out, components: label8(out, width, height).components };
}

/**
 * The box of the object upstream crops to: the largest external contour's bounding rectangle. Counted
 * in pixels (holes included) rather than as the contour polygon's area, which differs only by about
 * half the perimeter. Blobs inside another blob's hole are never larger than their host, as in OpenCV.
 */
export function largestBox(components: Component[]): Box | null {
  let best: Component | null = null;
  for (const c of components) if (!best || c.outerArea > best.outerArea) best = c;
  return best ? best.box : null;
}
