// The 3D view: a demand-driven Canvas (no continuous redraws competing with the model workers for the
// CPU), one cloud, orbit controls. preserveDrawingBuffer keeps the last frame readable for screenshots.
import { Canvas } from '@react-three/fiber';
import type { PointCloud } from '../pipeline/point-cloud';
import { CloudPoints } from './CloudPoints';
import { Orbit } from './Orbit';

export const VIEW_BACKGROUND = '#0b0e14';

export function CloudView({ cloud }: { cloud?: PointCloud }) {
  return (
    <div className="viewer-canvas" data-testid="viewer">
      <Canvas
        frameloop="demand"
        flat
        dpr={[1, 2]}
        camera={{ position: [2.3, 1.5, 2.6], fov: 40, near: 0.01, far: 100 }}
        gl={{ preserveDrawingBuffer: true, antialias: false }}
      >
        <color attach="background" args={[VIEW_BACKGROUND]} />
        {cloud && <CloudPoints cloud={cloud} />}
        <Orbit />
      </Canvas>
      {!cloud && <div className="viewer-empty">Your part-coloured point cloud appears here.</div>}
    </div>
  );
}
