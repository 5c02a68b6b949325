// The 3D view: a demand-driven Canvas (no continuous redraws competing with the model workers for the
// CPU), one cloud, orbit controls. preserveDrawingBuffer keeps the last frame readable for screenshots.
import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { CloudPoints } from './CloudPoints';
import { PartMeshes } from './PartMeshes';
import { registerView } from './view-handle';
import { ViewRig } from './ViewRig';

export const VIEW_BACKGROUND = '#0b0e14';

export function CloudView({ cloud }: { cloud?: PointCloud }) {
  const display = useViewer((s) => s.display);
  return (
    <div className="viewer-canvas" data-testid="viewer">
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
        <OrbitControls makeDefault enableDamping={false} />
        <ViewRig cloud={cloud} />
      </Canvas>
      {!cloud && <div className="viewer-empty">Your part-coloured point cloud appears here.</div>}
    </div>
  );
}
