// Connected components of a binary mask, for PartCrafter's small-blob removal (8-connected, like
// skimage.measure.label's default in 2-D, then remove_small_objects) and its "largest external contour"
// box (cv2.findContours with RETR_EXTERNAL, ranked by cv2.contourArea: upstream's src/utils/image_utils.py).
import type { Box } from './alpha';
import { outerContourArea } from './contour';

export interface Component {
  /** Pixels in the component (what the < 200 px removal counts). */
  area: number;
  /**
   * The area of the component's outer contour, as OpenCV's contourArea measures the contour findContours
   * traces (see contour.ts): holes count as enclosed, and a thin stroke encloses about half its pixels.
   * Upstream picks the object by this, so a thin comb with more pixels loses to a solid disc.
   */
  contourArea: number;
  box: Box;
}

export interface Labels {
  labels: Int32Array; // 0 = not in any component, k ≥ 1 = component k−1
  components: Component[];
}

const N8 = [
  [-1, -1],
  [0, -1],
  [1, -1],
  [-1, 0],
  [1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
];

/**
 * 8-connected components of the non-zero pixels, in raster order of their first pixel. Flood fill is
 * iterative with a typed stack, so a 2000 px image neither overflows nor allocates per pixel.
 */
export function label8(mask: Uint8Array, width: number, height: number): Labels {
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] || mask[start] === 0) continue;
    const id = components.length + 1;
    let area = 0,
      x0 = width,
      y0 = height,
      x1 = 0,
      y1 = 0;
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
      for (let k = 0; k < 8; k++) {
        const nx = x + N8[k][0],
          ny = y + N8[k][1];
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (!labels[j] && mask[j] !== 0) {
          labels[j] = id;
          stack[top++] = j;
        }
      }
    }
    const contourArea = outerContourArea(labels, width, height, id, start);
    components.push({ area, contourArea, box: { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } });
  }
  return { labels, components };
}

/** Drops components smaller than `minArea` pixels; returns the cleaned 0/1 mask and the survivors. */
export function removeSmallComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  minArea: number,
): { mask: Uint8Array; components: Component[] } {
  const { labels, components } = label8(mask, width, height);
  const keep = components.map((c) => c.area >= minArea);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = labels[i] && keep[labels[i] - 1] ? 1 : 0;
  // Dropping a component changes no other component's outer contour, so the survivors stand as they are.
  return { mask: out, components: components.filter((_, k) => keep[k]) };
}

/**
 * The box of the object upstream crops to: the bounding rectangle of the external contour with the largest
 * contour area. A blob inside another's hole has no external contour, but its area is always below its
 * host's, so it never wins. Ties go to the contour findContours lists first, which is the one whose first
 * pixel comes last in raster order, because Python's max keeps the first of equal keys.
 */
export function largestBox(components: Component[]): Box | null {
  let best: Component | null = null;
  for (const c of components) if (!best || c.contourArea >= best.contourArea) best = c;
  return best ? best.box : null;
}
