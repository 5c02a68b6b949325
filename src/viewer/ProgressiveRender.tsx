// Owns the Canvas's drawing (a useFrame with a positive priority, so react-three-fiber leaves the render to
// it): one frame draws at most the point budget (progressive.ts), and further frames are requested until
// the picture is complete. On a CPU renderer (SwiftShader, llvmpipe, WARP) a frame of 30,000 points takes
// 100–200 ms; a chunk keeps each frame near 30 ms, so the view's worker (src/viewer/view.worker.ts) answers
// the next orbit move within a frame. 'lumen:scene-ready' is announced once a picture is complete, so a
// screenshot or thumbnail is whole.
import { useFrame, useThree } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import type * as THREE from 'three';
import { softwareRendererIn } from '../runtime/probe';
import { createProgressiveDraw } from './progressive';
import { type SceneReadyDetail, takeSceneChange } from './scene-ready';

/** Points per frame to start with on a CPU renderer (the budget then follows the measured frames). */
const SOFTWARE_START_BUDGET = 4000;

function rendererName(gl: THREE.WebGLRenderer): string {
  const ctx = gl.getContext();
  const info = ctx.getExtension('WEBGL_debug_renderer_info');
  return String(ctx.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : ctx.RENDERER) ?? '');
}

function pushUniform(out: number[], v: unknown): void {
  if (typeof v === 'number') out.push(v);
  else if (typeof v === 'boolean') out.push(v ? 1 : 0);
  else if (Array.isArray(v)) for (const x of v) pushUniform(out, x);
  else if (v && typeof (v as { toArray?: unknown }).toArray === 'function') out.push(...(v as { toArray(): number[] }).toArray());
}

/** Every number that changes what a frame shows: canvas size, camera, and each object's state. */
function viewSignature(gl: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.Camera): number[] {
  const out = [gl.domElement.width, gl.domElement.height, ...camera.matrixWorld.elements, ...camera.projectionMatrix.elements];
  scene.traverse((o) => {
    out.push(o.id, o.visible ? 1 : 0, ...o.matrixWorld.elements);
    const { geometry, material } = o as THREE.Mesh;
    if (geometry) out.push(geometry.id);
    for (const m of Array.isArray(material) ? material : material ? [material] : []) {
      out.push(m.id, m.version, m.visible ? 1 : 0);
      const color = (m as THREE.MeshStandardMaterial).color;
      if (color) out.push(color.r, color.g, color.b);
      const uniforms = (m as THREE.ShaderMaterial).uniforms;
      if (uniforms) for (const u of Object.values(uniforms)) pushUniform(out, u.value);
    }
  });
  return out;
}

/** The scene's visible point clouds (every ancestor visible too). */
function visiblePoints(scene: THREE.Scene): THREE.Points[] {
  const found: THREE.Points[] = [];
  const walk = (o: THREE.Object3D) => {
    if (!o.visible) return;
    if ((o as THREE.Points).isPoints) found.push(o as THREE.Points);
    for (const c of o.children) walk(c);
  };
  walk(scene);
  return found;
}

/** `onComplete`: a picture that completes a marked change was drawn (its announcement, after the frame). */
export function ProgressiveRender({ onComplete }: { onComplete: (detail: SceneReadyDetail) => void }) {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const draw = useMemo(
    () => createProgressiveDraw(softwareRendererIn(rendererName(gl)) ? SOFTWARE_START_BUDGET : Number.POSITIVE_INFINITY),
    [gl],
  );
  /** When the frame that continues a picture was asked for (its start measures the frame before). */
  const continued = useRef<number | undefined>(undefined);
  /** Frames drawn for the picture in progress. */
  const frames = useRef(0);

  useFrame(({ scene, camera }) => {
    const now = performance.now();
    if (continued.current !== undefined) draw.observe(now - continued.current);
    continued.current = undefined;
    scene.updateMatrixWorld();
    camera.updateMatrixWorld();
    const points = visiblePoints(scene);
    // One cloud is drawn progressively; anything else (no cloud, meshes only) is one ordinary frame.
    const cloud = points.length === 1 ? points[0] : undefined;
    const total = cloud?.geometry.getAttribute('position')?.count ?? 0;
    // An unbounded budget draws every picture whole: nothing to resume, so no signature to compare.
    const step = draw.next(total, Number.isFinite(draw.budget) ? viewSignature(gl, scene, camera) : []);
    frames.current = step.fresh ? 1 : frames.current + 1;
    cloud?.geometry.setDrawRange(step.start, step.count);
    if (step.fresh || !cloud) gl.render(scene, camera);
    else {
      // The next chunk over the preserved drawing buffer: no clear, and only the points (their parents'
      // transforms are already in their world matrix).
      gl.autoClear = false;
      gl.render(cloud, camera);
      gl.autoClear = true;
    }
    // Whole again for anything else that draws the scene (the PNG export).
    cloud?.geometry.setDrawRange(0, Number.POSITIVE_INFINITY);
    if (!step.complete && cloud) {
      continued.current = now;
      invalidate();
      return;
    }
    const change = takeSceneChange(frames.current);
    // useFrame runs inside the frame's task; the announcement goes after it, once the frame is out.
    if (change) setTimeout(() => onComplete(change), 0);
  }, 1);
  return null;
}
