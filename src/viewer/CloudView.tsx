// The 3D view: a demand-driven Canvas (no continuous redraws competing with the model workers for the
// CPU), one cloud, orbit controls. preserveDrawingBuffer keeps the last frame readable for screenshots.
import { Canvas } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import './three-console';
import { CloudPoints } from './CloudPoints';
import { cloudLayout, countOf } from './layout';
import { Orbit } from './Orbit';
import { PartMeshes } from './PartMeshes';
import { ProgressiveRender } from './ProgressiveRender';
import { registerView } from './view-handle';
import { ViewRig } from './ViewRig';

export const VIEW_BACKGROUND = '#0b0e14';

/** What the canvas shows, for screen readers (a canvas has no text of its own). */
export function describeView(cloud?: PointCloud): string {
  if (!cloud) return '3D view, empty: the point cloud appears here after a run.';
  const { points, parts } = cloudLayout(cloud);
  return `3D view: a point cloud of ${countOf(points, 'point')} in ${countOf(parts, 'part')}, coloured by part. Drag to orbit, scroll to zoom.`;
}

export function CloudView({ cloud }: { cloud?: PointCloud }) {
  const display = useViewer((s) => s.display);
  const box = useRef<HTMLDivElement>(null);
  // The canvas element is the Canvas component's own; label it once it exists and whenever the cloud changes.
  useEffect(() => {
    const canvas = box.current?.querySelector('canvas');
    if (!canvas) return;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', describeView(cloud));
  }, [cloud]);
  return (
    <div className="viewer-canvas" data-testid="viewer" ref={box}>
      <Canvas
        frameloop="demand"
        flat
        dpr={[1, 2]}
        camera={{ position: [2.3, 1.5, 2.6], fov: 40, near: 0.01, far: 100 }}
        gl={{ preserveDrawingBuffer: true, antialias: false }}
        onCreated={(s) => registerView(s.get)}
      >
        <color attach="background" args={[VIEW_BACKGROUND]} />
        {/* Hidden by a parent group, not unmounted: the points keep their framing and part state. */}
        <group visible={display !== 'mesh'}>{cloud && <CloudPoints cloud={cloud} />}</group>
        {cloud?.meshes && display !== 'points' && <PartMeshes cloud={cloud} />}
        <Orbit />
        <ViewRig cloud={cloud} />
        <ProgressiveRender />
      </Canvas>
      {!cloud && <div className="viewer-empty">Your part-coloured point cloud appears here.</div>}
    </div>
  );
}
