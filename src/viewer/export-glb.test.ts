import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { sphereTable } from '../../models/fixture/spheres';
import type { Mesh } from '../pipeline/geometry/mesh';
import { extractPointCloud } from '../pipeline/geometry/run';
import { createRng } from '../pipeline/random';
import { createNodeContext } from '../runtime/node-context';
import { encodeGlb, NothingToExportError } from './export-glb';
import { PART_PALETTE } from '../pipeline/palette';
import { installFileReader } from './test/file-reader';

beforeAll(installFileReader);

/** The file's meshes as three reads them, each named as the file names its node (three's loader
 * sanitises names for animation bindings; other readers show the file's own). */
async function loadGlb(bytes: ArrayBuffer): Promise<THREE.Mesh[]> {
  const gltf = await new GLTFLoader().parseAsync(bytes, '');
  const names = (gltf.parser.json as { nodes: { name: string }[] }).nodes.map((n) => n.name);
  const meshes: THREE.Mesh[] = [];
  gltf.scene.traverse((o) => {
    if ((o as THREE.Mesh).isMesh) meshes.push(o as THREE.Mesh);
  });
  meshes.forEach((m, i) => (m.name = names[i]));
  return meshes;
}

/** A random triangle soup of `vertices` points and `triangles` faces (empty when vertices is 0). */
function randomMesh(rng: { next(): number }, vertices: number, triangles: number): Mesh {
  const positions = new Float32Array(3 * vertices).map(() => rng.next() * 2 - 1);
  const indices = new Uint32Array(vertices ? 3 * triangles : 0).map(() => Math.floor(rng.next() * vertices));
  return { positions, indices };
}

describe('encodeGlb', () => {
  it('writes one named, coloured mesh per non-empty part that GLTFLoader reads back exactly (random parts)', async () => {
    for (let trial = 0; trial < 12; trial++) {
      const rng = createRng(100 + trial);
      const K = 1 + Math.floor(rng.next() * 16);
      const meshes = Array.from({ length: K }, (_, p) => {
        // Some parts empty; sizes from 3 vertices to a few thousand.
        if (p > 0 && rng.next() < 0.2) return randomMesh(rng, 0, 0);
        const v = 3 + Math.floor(rng.next() ** 3 * 4000);
        return randomMesh(rng, v, 1 + Math.floor(rng.next() * 2 * v));
      });
      const names = meshes.map((_, p) => `piece ${p} «${trial}»`);
      const loaded = await loadGlb(await encodeGlb(meshes, names));
      const kept = meshes.flatMap((m, p) => (m.indices.length ? [p] : []));
      expect(loaded.map((m) => m.name)).toEqual(kept.map((p) => names[p]));
      loaded.forEach((m, i) => {
        const src = meshes[kept[i]];
        const pos = m.geometry.getAttribute('position');
        expect(pos.count).toBe(src.positions.length / 3);
        expect(Array.from(pos.array as Float32Array)).toEqual(Array.from(src.positions));
        expect(Array.from(m.geometry.getIndex()!.array)).toEqual(Array.from(src.indices));
        const c = (m.material as THREE.MeshStandardMaterial).color.getRGB(new THREE.Color(), THREE.SRGBColorSpace);
        const [r, g, b] = PART_PALETTE[kept[i]];
        expect([c.r * 255, c.g * 255, c.b * 255].map(Math.round)).toEqual([r, g, b]);
      });
    }
  });

  it('leaves hidden parts out and refuses an export with nothing visible', async () => {
    const rng = createRng(7);
    const meshes = [randomMesh(rng, 30, 20), randomMesh(rng, 40, 20), randomMesh(rng, 50, 20)];
    const loaded = await loadGlb(await encodeGlb(meshes, ['a', 'b', 'c'], [true, false, true]));
    expect(loaded.map((m) => m.name)).toEqual(['a', 'c']);
    await expect(encodeGlb(meshes, ['a', 'b', 'c'], [false, false, false])).rejects.toThrow(NothingToExportError);
  });

  it('exports the geometry stage’s own part meshes: K spheres with their vertex counts', async () => {
    const C = FIXTURE_SET.dims.partChannels;
    const K = 3;
    const T = 8;
    const table = sphereTable(C);
    const data = new Float32Array(K * T * C);
    for (let p = 0; p < K; p++) for (let t = 0; t < T; t++) data.set(table.slice(p * C, (p + 1) * C), (p * T + t) * C);
    const { cloud } = await extractPointCloud(
      createNodeContext(),
      { numParts: K, tokens: T, channels: C, data },
      { gridResolution: 24, pointCount: 500, seed: 3 },
    );
    expect(cloud.meshes).toHaveLength(K);
    const loaded = await loadGlb(await encodeGlb(cloud.meshes!, cloud.partNames));
    expect(loaded).toHaveLength(K);
    loaded.forEach((m, p) => {
      expect(m.name).toBe(cloud.partNames[p]);
      expect(m.geometry.getAttribute('position').count).toBe(cloud.meshes![p].positions.length / 3);
    });
  });
});
