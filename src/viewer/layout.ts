// Per-part geometry facts the viewer needs once per cloud: counts, centroids and the explode direction.
// Explode moves each part along (its centroid − the cloud's centroid), scaled by the cloud's radius, so
// the same slider value looks alike for small and large objects.
import type { PointCloud } from '../pipeline/point-cloud';
import { MAX_PARTS } from '../pipeline/palette';
import { formatCount } from '../leaf/locale-format';

/** What the page's legend and summary show: counted from the part ids alone. */
export interface PartCounts {
  points: number;
  parts: number;
  /** Points per part. */
  counts: number[];
}

export interface CloudLayout extends PartCounts {
  centroid: [number, number, number];
  /** Unit direction per part (zero for a part centred on the cloud or with no points). */
  directions: [number, number, number][];
  /** Largest distance of any point from the centroid. */
  radius: number;
}

// One of each per cloud: the panel, the canvas's description and the worker's scene all ask. The page asks
// only for the counts, a pass over the part ids, inside the click that reopens a history run.
const countsOf = new WeakMap<PointCloud, PartCounts>();
const layouts = new WeakMap<PointCloud, CloudLayout>();

export function partCounts(cloud: PointCloud): PartCounts {
  let known = countsOf.get(cloud);
  if (!known) {
    const ids = cloud.partIds;
    let parts = cloud.partNames.length;
    for (let i = 0; i < ids.length; i++) if (ids[i] >= parts) parts = ids[i] + 1;
    const counts = new Array<number>(parts).fill(0);
    for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
    known = { points: ids.length, parts, counts };
    countsOf.set(cloud, known);
  }
  return known;
}

export function cloudLayout(cloud: PointCloud): CloudLayout {
  let layout = layouts.get(cloud);
  if (!layout) {
    layout = measure(cloud, partCounts(cloud));
    layouts.set(cloud, layout);
  }
  return layout;
}

function measure(cloud: PointCloud, { points: P, parts, counts }: PartCounts): CloudLayout {
  const ids = cloud.partIds;
  const sums = new Float64Array(parts * 3);
  let tx = 0,
    ty = 0,
    tz = 0;
  const pos = cloud.positions;
  for (let i = 0; i < P; i++) {
    const p = ids[i];
    const x = pos[3 * i],
      y = pos[3 * i + 1],
      z = pos[3 * i + 2];
    sums[3 * p] += x;
    sums[3 * p + 1] += y;
    sums[3 * p + 2] += z;
    tx += x;
    ty += y;
    tz += z;
  }
  const centroid: [number, number, number] = P ? [tx / P, ty / P, tz / P] : [0, 0, 0];
  let r2 = 0;
  for (let i = 0; i < P; i++) {
    const dx = pos[3 * i] - centroid[0],
      dy = pos[3 * i + 1] - centroid[1],
      dz = pos[3 * i + 2] - centroid[2];
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > r2) r2 = d2;
  }
  const directions = counts.map((n, p): [number, number, number] => {
    if (!n) return [0, 0, 0];
    const d = [sums[3 * p] / n - centroid[0], sums[3 * p + 1] / n - centroid[1], sums[3 * p + 2] / n - centroid[2]];
    const len = Math.hypot(d[0], d[1], d[2]);
    return len > 1e-6 ? [d[0] / len, d[1] / len, d[2] / len] : [0, 0, 0];
  });
  return { points: P, parts, counts, centroid, directions, radius: Math.sqrt(r2) };
}

/** Offsets for the shader's uniform array (always MAX_PARTS long), for an explode amount in [0, 1]. */
export function explodeOffsets(layout: CloudLayout, amount: number): Float32Array {
  const out = new Float32Array(MAX_PARTS * 3);
  const scale = amount * layout.radius;
  layout.directions.slice(0, MAX_PARTS).forEach((d, p) => {
    out[3 * p] = d[0] * scale;
    out[3 * p + 1] = d[1] * scale;
    out[3 * p + 2] = d[2] * scale;
  });
  return out;
}

/**
 * A radius around the centroid that holds every point at this explode amount: each point moves by
 * amount·radius along a unit direction, so none gets farther than radius·(1 + amount).
 */
export function explodedRadius(layout: CloudLayout, amount: number): number {
  return Math.max(layout.radius, 0.05) * (1 + Math.max(0, amount));
}

/**
 * The camera distance at which a sphere of `radius` fits the view with `margin` to spare, in both the
 * vertical field of view and the horizontal one (narrower when the view is taller than wide).
 */
export function framingDistance(radius: number, fovDeg: number, aspect: number, margin = 1.15): number {
  const halfV = (fovDeg * Math.PI) / 360;
  const halfH = Math.atan(Math.tan(halfV) * aspect);
  return Math.max(0.5, (margin * radius) / Math.sin(Math.min(halfV, halfH)));
}

/** "n" and the noun, plural unless n is 1: "1 part", "3 parts". */
export function countOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** "4,000 points · 3 parts", for the toolbar and the canvas's accessible description. */
export function cloudSummary(layout: Pick<CloudLayout, 'points' | 'parts'>): string {
  return `${countOf(layout.points, 'point')} · ${countOf(layout.parts, 'part')}`;
}
