// The one material of the cloud. Colour, visibility and explode offset live in per-part uniform arrays, so
// toggling a part or dragging the explode slider changes a uniform — never the geometry (react-three-fiber docs/advanced/pitfalls.mdx).
// Colours are written as given (no tone mapping, no colour-space chunk): screenshots show palette bytes.
import * as THREE from 'three';
import { MAX_PARTS, PART_PALETTE } from '../pipeline/palette';

const vertexShader = /* glsl */ `
  attribute float partId;
  uniform vec3 uColors[${MAX_PARTS}];
  uniform float uVisible[${MAX_PARTS}];
  uniform vec3 uOffsets[${MAX_PARTS}];
  uniform float uSize;
  uniform float uPixelRatio;
  uniform float uDepthShade;
  uniform vec2 uDepthRange;
  varying vec3 vColor;
  void main() {
    int id = int(partId + 0.5);
    if (uVisible[id] < 0.5) {
      // Outside the clip volume: the point is dropped before rasterization.
      gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
      gl_PointSize = 0.0;
      return;
    }
    vec4 view = modelViewMatrix * vec4(position + uOffsets[id], 1.0);
    // Depth attenuation: 1 at the object's nearest depth, 0.3 at its farthest (uDepthRange, view units).
    float t = clamp((-view.z - uDepthRange.x) / max(uDepthRange.y - uDepthRange.x, 1e-4), 0.0, 1.0);
    vColor = uColors[id] * mix(1.0, mix(1.0, 0.3, t), uDepthShade);
    gl_Position = projectionMatrix * view;
    gl_PointSize = uSize * uPixelRatio;
  }
`;

const fragmentShader = /* glsl */ `
  varying vec3 vColor;
  void main() {
    // Round, hard-edged discs: no blending, so every drawn pixel is exactly a palette colour.
    vec2 c = gl_PointCoord - 0.5;
    if (dot(c, c) > 0.25) discard;
    gl_FragColor = vec4(vColor, 1.0);
  }
`;

export interface PointUniforms {
  uColors: { value: THREE.Vector3[] };
  uVisible: { value: number[] };
  uOffsets: { value: THREE.Vector3[] };
  uSize: { value: number };
  uPixelRatio: { value: number };
  /** 1: darken with depth inside uDepthRange (near, far); 0: exact palette colours. */
  uDepthShade: { value: number };
  uDepthRange: { value: THREE.Vector2 };
  [name: string]: THREE.IUniform;
}

export function createPointMaterial(): THREE.ShaderMaterial & { uniforms: PointUniforms } {
  const uniforms: PointUniforms = {
    uColors: { value: PART_PALETTE.map(([r, g, b]) => new THREE.Vector3(r / 255, g / 255, b / 255)) },
    uVisible: { value: new Array<number>(MAX_PARTS).fill(1) },
    uOffsets: { value: Array.from({ length: MAX_PARTS }, () => new THREE.Vector3()) },
    uSize: { value: 3.5 },
    uPixelRatio: { value: 1 },
    uDepthShade: { value: 0 },
    uDepthRange: { value: new THREE.Vector2(0, 1) },
  };
  const material = new THREE.ShaderMaterial({ uniforms, vertexShader, fragmentShader, transparent: false });
  material.toneMapped = false;
  return material as THREE.ShaderMaterial & { uniforms: PointUniforms };
}

export function setVisibility(material: { uniforms: PointUniforms }, visible: readonly boolean[]): void {
  const v = material.uniforms.uVisible.value;
  for (let p = 0; p < MAX_PARTS; p++) v[p] = visible[p] === false ? 0 : 1;
}

export function setOffsets(material: { uniforms: PointUniforms }, offsets: Float32Array): void {
  material.uniforms.uOffsets.value.forEach((o, p) => o.set(offsets[3 * p], offsets[3 * p + 1], offsets[3 * p + 2]));
}

/** Geometry for one cloud: positions as given and the part index as a float attribute. */
export function createCloudGeometry(positions: Float32Array, partIds: Uint8Array): THREE.BufferGeometry {
  // Points go to the GPU in an interleaved order, so that any first k of them (what a frame with a point
  // budget draws, ProgressiveRender.tsx) spread over every part instead of covering the first parts only.
  const n = partIds.length;
  const order = interleavedOrder(n);
  const pos = new Float32Array(3 * n);
  const ids = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    pos[3 * k] = positions[3 * i];
    pos[3 * k + 1] = positions[3 * i + 1];
    pos[3 * k + 2] = positions[3 * i + 2];
    ids[k] = partIds[i];
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  g.setAttribute('partId', new THREE.BufferAttribute(ids, 1));
  g.computeBoundingSphere();
  return g;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * A permutation of 0..n-1 stepping by a stride near n/φ that shares no factor with n: every prefix of it
 * samples the whole range about evenly (a golden-ratio sequence), whatever order the points came in.
 */
export function interleavedOrder(n: number): Uint32Array {
  let stride = Math.max(1, Math.round(n / 1.618033988749895));
  while (n > 1 && gcd(stride, n) !== 1) stride++;
  const order = new Uint32Array(n);
  for (let k = 0, i = 0; k < n; k++, i = (i + stride) % n) order[k] = i;
  return order;
}
