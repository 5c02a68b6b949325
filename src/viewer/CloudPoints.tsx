// The one THREE.Points of the scene. Geometry is rebuilt only when a new cloud arrives; visibility,
// explode and point size reach the shader through uniforms from store subscriptions (react-three-fiber docs/advanced/pitfalls.mdx).
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { cloudLayout, explodeOffsets } from './layout';
import { createCloudGeometry, createPointMaterial, setOffsets, setVisibility } from './point-material';
import { announceSceneReady, type SceneReadyDetail } from './scene-ready';

export function CloudPoints({ cloud }: { cloud: PointCloud }) {
  const invalidate = useThree((s) => s.invalidate);
  const dpr = useThree((s) => s.viewport.dpr);
  // One material for the app's lifetime.
  const material = useMemo(() => createPointMaterial(), []);
  const layout = useMemo(() => cloudLayout(cloud), [cloud]);
  const geometry = useMemo(() => createCloudGeometry(cloud.positions, cloud.partIds), [cloud]);
  /** Set when something visible changed; the frame after it is drawn announces 'lumen:scene-ready'. */
  const pending = useRef<SceneReadyDetail | null>(null);

  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);

  // Frame each new cloud: look at its centroid from a distance that fits its bounding sphere (plus room
  // for a full explode), keeping the user's current viewing direction.
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3; update(): void } | null;
  useEffect(() => {
    const c = new THREE.Vector3(...layout.centroid);
    const fov = THREE.MathUtils.degToRad((camera as THREE.PerspectiveCamera).fov ?? 40);
    const dist = Math.max(0.5, (1.3 * Math.max(layout.radius, 0.05)) / Math.sin(fov / 2));
    const target = controls?.target ?? new THREE.Vector3();
    const dir = camera.position.clone().sub(target).normalize();
    camera.position.copy(c).addScaledVector(dir, dist);
    camera.lookAt(c);
    if (controls) {
      controls.target.copy(c);
      controls.update();
    }
    invalidate();
  }, [layout, camera, controls, invalidate]);

  useEffect(() => {
    material.uniforms.uPixelRatio.value = dpr;
    invalidate();
  }, [dpr, material, invalidate]);

  useEffect(() => {
    const apply = () => {
      const v = useViewer.getState();
      setVisibility(material, v.visible);
      setOffsets(material, explodeOffsets(layout, v.explode));
      material.uniforms.uSize.value = v.pointSize;
      const visibleParts = Array.from({ length: layout.parts }, (_, p) => p).filter((p) => v.visible[p] !== false);
      pending.current = { points: layout.points, parts: layout.parts, visibleParts: visibleParts.length, visible: visibleParts };
      invalidate();
    };
    // A new cloud shows every part again. Reset here, before subscribing, so the change produces one
    // scene-ready event for the new cloud and none for the old one.
    useViewer.getState().showAll();
    apply();
    return useViewer.subscribe(apply);
  }, [layout, material, invalidate]);

  useFrame(() => {
    const detail = pending.current;
    if (!detail) return;
    pending.current = null;
    // useFrame runs before this frame's render; the render follows in the same task.
    setTimeout(() => announceSceneReady(detail), 0);
  });

  return <points geometry={geometry} material={material} frustumCulled={false} />;
}
