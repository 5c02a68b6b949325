// Inside the Canvas: the turntable (the camera circles the target about the vertical axis), the depth
// range the point shader's depth shading uses, and fit / reset for the toolbar and shortcuts.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { frameLayout, HOME_DIRECTION, type OrbitTarget } from './framing';
import { cloudLayout } from './layout';
import type { PointUniforms } from './point-material';
import { setViewActions } from './rig-actions';

/** Radians per second: one turn in 12 s. */
const TURN_SPEED = (2 * Math.PI) / 12;

export function ViewRig({ cloud }: { cloud?: PointCloud }) {
  const { camera, scene, invalidate } = useThree();
  const controls = useThree((s) => s.controls) as unknown as OrbitTarget | null;
  const layout = useMemo(() => (cloud ? cloudLayout(cloud) : undefined), [cloud]);
  const turntable = useViewer((s) => s.turntable);
  const depthShading = useViewer((s) => s.depthShading);

  useEffect(() => {
    const cam = camera as THREE.PerspectiveCamera;
    setViewActions({
      fit: () => layout && (frameLayout(cam, controls, layout, useViewer.getState().explode), invalidate()),
      reset: () => layout && (frameLayout(cam, controls, layout, 0, HOME_DIRECTION), invalidate()),
    });
    return () => setViewActions(undefined);
  }, [camera, controls, layout, invalidate]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a frame on demand starts the turntable and redraws the shading
  useEffect(() => invalidate(), [turntable, depthShading, invalidate]);

  useFrame((_, dt) => {
    const v = useViewer.getState();
    if (v.turntable) {
      const target = controls?.target ?? new THREE.Vector3();
      // Capped so a long pause (a hidden tab) does not jump.
      camera.position
        .sub(target)
        .applyAxisAngle(new THREE.Vector3(0, 1, 0), Math.min(dt, 0.1) * TURN_SPEED)
        .add(target);
      camera.lookAt(target);
      controls?.update();
      invalidate();
    }
    // Depth range of the object from the camera now: its sphere's near and far side.
    let near = 0;
    let far = 1;
    if (layout) {
      const d = camera.position.distanceTo(new THREE.Vector3(...layout.centroid));
      const r = layout.radius * (1 + v.explode);
      near = Math.max(0, d - r);
      far = d + r;
    }
    scene.traverse((o) => {
      const u = ((o as THREE.Points).material as THREE.ShaderMaterial | undefined)?.uniforms as PointUniforms | undefined;
      if (!(o as THREE.Points).isPoints || !u?.uDepthShade) return;
      u.uDepthShade.value = v.depthShading ? 1 : 0;
      u.uDepthRange.value.set(near, far);
    });
  });
  return null;
}
