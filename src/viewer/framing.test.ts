import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { PointCloud } from '../pipeline/point-cloud';
import { cloudLayout, explodedRadius, explodeOffsets, framingDistance } from './layout';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Up to 16 blobs of random size and place, one per part, off-centre like a real object's parts. */
function randomCloud(rand: () => number): PointCloud {
  const parts = 1 + Math.floor(rand() * 16);
  const pos: number[] = [];
  const ids: number[] = [];
  const shift = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
  for (let p = 0; p < parts; p++) {
    const c = [0, 1, 2].map((a) => shift[a] + (rand() - 0.5) * 1.6);
    const r = 0.02 + rand() * 0.4;
    for (let i = 0; i < 40; i++) {
      const d = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
      const n = Math.hypot(d[0], d[1], d[2]) || 1;
      for (let a = 0; a < 3; a++) pos.push(c[a] + (r * d[a]) / n);
      ids.push(p);
    }
  }
  return { positions: new Float32Array(pos), partIds: Uint8Array.from(ids), partNames: ids.map(String), emptyParts: [], failedParts: [] };
}

describe('framing the exploded cloud', () => {
  it('keeps every point of every part inside the view at any explode amount, view shape and direction', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = lcg(seed);
      const cloud = randomCloud(rand);
      const layout = cloudLayout(cloud);
      const amount = seed % 5 === 0 ? 1 : rand();
      const aspect = 0.4 + rand() * 2.4;
      const camera = new THREE.PerspectiveCamera(40, aspect, 0.01, 100);
      const centre = new THREE.Vector3(...layout.centroid);
      const dir = new THREE.Vector3(rand() - 0.5, rand() - 0.5, rand() - 0.5).normalize();
      camera.position.copy(centre).addScaledVector(dir, framingDistance(explodedRadius(layout, amount), camera.fov, aspect));
      camera.lookAt(centre);
      camera.updateMatrixWorld();
      const offsets = explodeOffsets(layout, amount);
      const v = new THREE.Vector3();
      for (let i = 0; i < cloud.partIds.length; i++) {
        const p = cloud.partIds[i];
        v.set(
          cloud.positions[3 * i] + offsets[3 * p],
          cloud.positions[3 * i + 1] + offsets[3 * p + 1],
          cloud.positions[3 * i + 2] + offsets[3 * p + 2],
        ).project(camera);
        expect(Math.abs(v.x), `seed ${seed}, point ${i}`).toBeLessThanOrEqual(1);
        expect(Math.abs(v.y), `seed ${seed}, point ${i}`).toBeLessThanOrEqual(1);
        expect(v.z).toBeLessThan(1);
      }
    }
  });

  it('does not push the assembled object far away: at no explode it fills most of the view', () => {
    const layout = cloudLayout(randomCloud(lcg(7)));
    const d = framingDistance(explodedRadius(layout, 0), 40, 1.5);
    // The bounding sphere's angular radius is over 70% of the half field of view.
    expect(Math.asin(layout.radius / d)).toBeGreaterThan((0.7 * (20 * Math.PI)) / 180);
  });
});
