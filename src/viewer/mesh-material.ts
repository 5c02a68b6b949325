// Shading for the part meshes: the part's palette colour lit by a light at the eye (headlight), so every
// side the user turns towards them is lit and no scene lights need placing. Two-sided, since a part cut by
// the box may be open.
import * as THREE from 'three';
import { partColor } from '../pipeline/palette';

const vertexShader = /* glsl */ `
  varying vec3 vNormal;
  void main() {
    vNormal = normalize(normalMatrix * normal);
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;

const fragmentShader = /* glsl */ `
  uniform vec3 uColor;
  varying vec3 vNormal;
  void main() {
    // In view space the eye looks down -z, so |n.z| is the cosine to the headlight.
    float light = 0.35 + 0.65 * abs(normalize(vNormal).z);
    gl_FragColor = vec4(uColor * light, 1.0);
  }
`;

export function createPartMeshMaterial(part: number): THREE.ShaderMaterial {
  const [r, g, b] = partColor(part);
  const material = new THREE.ShaderMaterial({
    uniforms: { uColor: { value: new THREE.Vector3(r / 255, g / 255, b / 255) } },
    vertexShader,
    fragmentShader,
    side: THREE.DoubleSide,
  });
  material.toneMapped = false;
  return material;
}

/** Geometry for one part mesh, with smooth normals for the shading. */
export function createPartMeshGeometry(positions: Float32Array, indices: Uint32Array): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  g.setIndex(new THREE.BufferAttribute(indices, 1));
  g.computeVertexNormals();
  g.computeBoundingSphere();
  return g;
}
