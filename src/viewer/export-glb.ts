// GLB export: one named mesh per part, coloured with the part's palette colour, through three's own
// GLTFExporter (so any glTF reader — Blender, three's GLTFLoader, model-viewer — opens it).
import * as THREE from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { Mesh } from '../pipeline/geometry/mesh';
import { partCss } from '../pipeline/palette';

export interface GlbPart {
  name: string;
  mesh: Mesh;
  /** Palette slot of the part (its colour). */
  part: number;
}

/** The meshes to export: parts with triangles, visible ones only when `visible` is given. */
export function glbParts(meshes: readonly Mesh[], names: readonly string[], visible?: readonly boolean[]): GlbPart[] {
  return meshes.flatMap((mesh, part) =>
    mesh.indices.length > 0 && visible?.[part] !== false ? [{ name: names[part] ?? `Part ${part + 1}`, mesh, part }] : [],
  );
}

/** A three.js scene holding one shaded mesh per part (also what the exporter walks). */
export function partScene(parts: readonly GlbPart[]): THREE.Scene {
  const scene = new THREE.Scene();
  scene.name = 'Lumen object';
  for (const { name, mesh, part } of parts) {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(mesh.positions, 3));
    geometry.setIndex(new THREE.BufferAttribute(mesh.indices, 1));
    geometry.computeVertexNormals();
    // The palette is sRGB; THREE.Color converts it to the linear factor glTF stores.
    const material = new THREE.MeshStandardMaterial({ color: new THREE.Color(partCss(part)), roughness: 0.8, metalness: 0 });
    material.name = name;
    const object = new THREE.Mesh(geometry, material);
    object.name = name;
    object.userData = { part };
    scene.add(object);
  }
  return scene;
}

export class NothingToExportError extends Error {
  override name = 'NothingToExportError';
}

/** Binary glTF of the parts. Throws a clear error when no (visible) part has a surface. */
export async function encodeGlb(meshes: readonly Mesh[], names: readonly string[], visible?: readonly boolean[]): Promise<ArrayBuffer> {
  const parts = glbParts(meshes, names, visible);
  if (parts.length === 0) throw new NothingToExportError('No visible part has a surface to export.');
  const scene = partScene(parts);
  try {
    const out = await new GLTFExporter().parseAsync(scene, { binary: true });
    if (!(out instanceof ArrayBuffer)) throw new Error('GLTFExporter returned JSON where a binary GLB was asked for.');
    return out;
  } finally {
    scene.traverse((o) => {
      if (o instanceof THREE.Mesh) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
    });
  }
}
