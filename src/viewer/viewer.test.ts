import { describe, expect, it } from 'vitest';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { cloudLayout, cloudSummary, explodeOffsets, partCounts } from './layout';
import { MAX_PARTS, PART_PALETTE, PART_PALETTE_HEX } from '../pipeline/palette';
import { encodePly } from '../pipeline/ply';
import { createCloudGeometry, createPointMaterial, interleavedOrder, setOffsets, setVisibility } from './point-material';

/** Two parts: part 0 around (+1,0,0), part 1 around (-1,0,0) with 3x the points. */
function twoParts(): PointCloud {
  const pos: number[] = [];
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) {
    const a = (i / 4) * 2 * Math.PI;
    pos.push(1 + 0.1 * Math.cos(a), 0.1 * Math.sin(a), 0);
    ids.push(0);
  }
  for (let i = 0; i < 12; i++) {
    const a = (i / 12) * 2 * Math.PI;
    pos.push(-1 + 0.1 * Math.cos(a), 0, 0.1 * Math.sin(a));
    ids.push(1);
  }
  return { positions: new Float32Array(pos), partIds: Uint8Array.from(ids), partNames: ['a', 'b'], emptyParts: [], failedParts: [] };
}

describe('palette', () => {
  it('has 16 colours, pairwise far apart and far from the dark background', () => {
    expect(PART_PALETTE).toHaveLength(16);
    expect(MAX_PARTS).toBe(16);
    const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    for (let i = 0; i < 16; i++) {
      expect(PART_PALETTE_HEX[i]).toMatch(/^#[0-9a-f]{6}$/);
      expect(dist(PART_PALETTE[i], [11, 14, 20])).toBeGreaterThan(120);
      for (let j = i + 1; j < 16; j++) expect(dist(PART_PALETTE[i], PART_PALETTE[j])).toBeGreaterThan(45);
    }
  });
});

describe('cloud layout and explode', () => {
  it('finds per-part counts, the centroid and outward directions', () => {
    const l = cloudLayout(twoParts());
    expect(l.points).toBe(16);
    expect(l.parts).toBe(2);
    expect(l.counts).toEqual([4, 12]);
    expect(l.centroid[0]).toBeCloseTo((4 * 1 - 12 * 1) / 16, 5);
    expect(l.directions[0][0]).toBeCloseTo(1, 5);
    expect(l.directions[1][0]).toBeCloseTo(-1, 5);
  });

  it('matches a direct computation on random clouds, ids beyond the names included, once per cloud', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 40; trial++) {
      const P = Math.floor(rand() * 300);
      const names = Math.floor(rand() * 5);
      const ids = Uint8Array.from({ length: P }, () => Math.floor(rand() * 9));
      const positions = Float32Array.from({ length: 3 * P }, () => (rand() - 0.5) * 10);
      const cloud: PointCloud = {
        positions,
        partIds: ids,
        partNames: Array.from({ length: names }, (_, i) => `p${i}`),
        emptyParts: [],
        failedParts: [],
      };
      const l = cloudLayout(cloud);
      expect(cloudLayout(cloud)).toBe(l);
      // The page's counts are the layout's own, from one pass over the ids.
      expect(partCounts(cloud)).toEqual({ points: l.points, parts: l.parts, counts: l.counts });
      expect(partCounts(cloud)).toBe(partCounts(cloud));
      expect(cloudLayout({ ...cloud })).not.toBe(l);
      const parts = Math.max(names, ...Array.from(ids, (p) => p + 1), 0);
      expect(l.parts).toBe(parts);
      expect(l.points).toBe(P);
      const c = [0, 1, 2].map((a) => (P ? Array.from({ length: P }, (_, i) => positions[3 * i + a]).reduce((x, y) => x + y, 0) / P : 0));
      for (let a = 0; a < 3; a++) expect(l.centroid[a]).toBeCloseTo(c[a], 4);
      const far = Array.from({ length: P }, (_, i) =>
        Math.hypot(positions[3 * i] - c[0], positions[3 * i + 1] - c[1], positions[3 * i + 2] - c[2]),
      );
      expect(l.radius).toBeCloseTo(Math.max(0, ...far), 4);
      for (let p = 0; p < parts; p++) {
        const mine = Array.from({ length: P }, (_, i) => i).filter((i) => ids[i] === p);
        expect(l.counts[p]).toBe(mine.length);
        const m = [0, 1, 2].map((a) => mine.reduce((x, i) => x + positions[3 * i + a], 0) / mine.length - c[a]);
        const len = Math.hypot(m[0], m[1], m[2]);
        const want = mine.length && len > 1e-6 ? m.map((x) => x / len) : [0, 0, 0];
        for (let a = 0; a < 3; a++) expect(l.directions[p][a]).toBeCloseTo(want[a], 3);
      }
    }
  });

  it('says the counts in words, with thousands grouped', () => {
    expect(cloudSummary({ points: 30_000, parts: 1 })).toBe(`${(30_000).toLocaleString()} points · 1 part`);
    expect(cloudSummary({ points: 1, parts: 0 })).toBe('1 point · 0 parts');
  });

  it('offsets grow with the slider along each part direction, scaled by the cloud radius', () => {
    const l = cloudLayout(twoParts());
    expect(Array.from(explodeOffsets(l, 0)).every((v) => v === 0)).toBe(true);
    const o = explodeOffsets(l, 0.5);
    expect(o).toHaveLength(MAX_PARTS * 3);
    expect(o[0]).toBeCloseTo(0.5 * l.radius, 5);
    expect(o[3]).toBeCloseTo(-0.5 * l.radius, 5);
    expect(o[6]).toBe(0); // part 2 does not exist
  });
});

describe('point material', () => {
  it('hides a part and moves parts by changing uniforms only', () => {
    const m = createPointMaterial();
    const g = createCloudGeometry(twoParts().positions, twoParts().partIds);
    const attr = g.getAttribute('partId');
    setVisibility(m, [true, false]);
    setOffsets(m, explodeOffsets(cloudLayout(twoParts()), 1));
    expect(m.uniforms.uVisible.value.slice(0, 3)).toEqual([1, 0, 1]);
    expect(m.uniforms.uOffsets.value[0].x).toBeGreaterThan(0);
    expect(m.uniforms.uColors.value[3].x).toBeCloseTo(PART_PALETTE[3][0] / 255, 6);
    expect(g.getAttribute('partId')).toBe(attr);
    // The same points with their parts, in the interleaved draw order.
    const c = twoParts();
    const order = interleavedOrder(c.partIds.length);
    expect(Array.from(attr.array as Float32Array)).toEqual(Array.from(order, (i) => c.partIds[i]));
    expect(Array.from(g.getAttribute('position').array as Float32Array)).toEqual(
      Array.from(order).flatMap((i) => Array.from(c.positions.subarray(3 * i, 3 * i + 3))),
    );
  });

  it('draw order: a permutation whose every prefix samples all parts about in proportion', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rand() * 50_000);
      const order = interleavedOrder(n);
      const seen = new Uint8Array(n);
      for (const i of order) seen[i]++;
      expect(seen.every((x) => x === 1)).toBe(true);
      // Parts stored one after another (as the geometry stage writes them): 4 parts of equal size.
      if (n < 400) continue;
      for (const frac of [0.05, 0.13, 0.5]) {
        const k = Math.floor(n * frac);
        const counts = [0, 0, 0, 0];
        for (let j = 0; j < k; j++) counts[Math.min(3, Math.floor((order[j] / n) * 4))]++;
        for (const x of counts) expect(Math.abs(x - k / 4)).toBeLessThanOrEqual(Math.max(3, 0.1 * k));
      }
    }
  });
});

describe('visibility store', () => {
  it('toggles, isolates, and isolating the lone visible part shows all again', () => {
    const v = useViewer.getState();
    v.showAll();
    v.toggle(1);
    expect(useViewer.getState().visible.slice(0, 3)).toEqual([true, false, true]);
    v.isolate(2);
    expect(useViewer.getState().visible.filter(Boolean)).toHaveLength(1);
    expect(useViewer.getState().visible[2]).toBe(true);
    v.isolate(2);
    expect(useViewer.getState().visible.every(Boolean)).toBe(true);
  });
});

describe('PLY export', () => {
  function parse(bytes: Uint8Array) {
    const text = new TextDecoder().decode(bytes);
    const end = text.indexOf('end_header\n') + 'end_header\n'.length;
    const header = text.slice(0, end);
    const n = Number(/element vertex (\d+)/.exec(header)![1]);
    const view = new DataView(bytes.buffer, bytes.byteOffset + end);
    const rows = Array.from({ length: n }, (_, i) => {
      const o = i * 16;
      return {
        xyz: [view.getFloat32(o, true), view.getFloat32(o + 4, true), view.getFloat32(o + 8, true)],
        rgb: [view.getUint8(o + 12), view.getUint8(o + 13), view.getUint8(o + 14)],
        part: view.getUint8(o + 15),
      };
    });
    return { header, rows, tail: bytes.length - end - n * 16 };
  }

  it('writes every point with its palette colour and part id', () => {
    const cloud = twoParts();
    const { header, rows, tail } = parse(encodePly(cloud));
    expect(header).toMatch(/^ply\nformat binary_little_endian 1\.0\n/);
    expect(header).toContain('property uchar part_id');
    expect(tail).toBe(0);
    expect(rows).toHaveLength(16);
    expect(rows[5].part).toBe(1);
    expect(rows[5].rgb).toEqual(PART_PALETTE[1]);
    expect(rows[5].xyz[0]).toBeCloseTo(cloud.positions[15], 6);
  });

  it('leaves hidden parts out', () => {
    const { rows } = parse(encodePly(twoParts(), [false, true]));
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.part === 1)).toBe(true);
  });
});
