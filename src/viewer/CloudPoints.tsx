// The one THREE.Points of the scene. Geometry is rebuilt only when a new cloud arrives; visibility,
// explode and point size reach the shader through uniforms from store subscriptions (react-three-fiber docs/advanced/pitfalls.mdx).
import { useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { cloudLayout, explodedRadius, explodeOffsets, framingDistance } from './layout';
import { createCloudGeometry, createPointMaterial, setOffsets, setVisibility } from './point-material';
import { markSceneChange } from './scene-ready';

export function CloudPoints({ cloud }: { cloud: PointCloud }) {
  const invalidate = useThree((s) => s.invalidate);
  const dpr = useThree((s) => s.viewport.dpr);
  // One material for the app's lifetime.
  const material = useMemo(() => createPointMaterial(), []);
  const layout = useMemo(() => cloudLayout(cloud), [cloud]);
  const geometry = useMemo(() => createCloudGeometry(cloud.positions, cloud.partIds), [cloud]);

  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);

  // Frame each new cloud: look at its centroid from a distance that fits it as exploded now, keeping the
  // user's viewing direction. Explode changes refit the distance (the user's zoom kept as a ratio to the
  // fitted distance), so pushed-out parts never leave the view.
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3; update(): void } | null;
  const fitted = useRef<number | undefined>(undefined);
  const frame = useCallback(
    (amount: number, recentre: boolean) => {
      const target = controls?.target ?? new THREE.Vector3();
      const offset = camera.position.clone().sub(target);
      const zoom = !recentre && fitted.current ? offset.length() / fitted.current : 1;
      const need = framingDistance(explodedRadius(layout, amount), camera.fov ?? 40, camera.aspect || 1);
      fitted.current = need;
      if (recentre) target.set(...layout.centroid);
      camera.position.copy(target).addScaledVector(offset.normalize(), need * zoom);
      camera.lookAt(target);
      controls?.update();
      invalidate();
    },
    [layout, camera, controls, invalidate],
  );
  useEffect(() => frame(useViewer.getState().explode, true), [frame]);

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
      // Announced as 'lumen:scene-ready' once a picture showing it is complete (ProgressiveRender.tsx).
      markSceneChange(cloud, { points: layout.points, parts: layout.parts, visibleParts: visibleParts.length, visible: visibleParts });
      invalidate();
    };
    // The page sends a new cloud with every part visible again (CloudView.tsx).
    apply();
    return useViewer.subscribe((v, prev) => {
      if (v.explode !== prev.explode) frame(v.explode, false);
      apply();
    });
  }, [cloud, layout, material, invalidate, frame]);

  return <points geometry={geometry} material={material} frustumCulled={false} />;
}
