// What the view draws, mounted by the view's worker (src/viewer/view.worker.ts) on its OffscreenCanvas: one
// cloud, its part meshes, orbit controls, the rig (turntable, fit, depth range) and the progressive renderer.
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { CloudPoints } from './CloudPoints';
import type { InputSurface } from './forwarded-input';
import { Orbit } from './Orbit';
import { PartMeshes } from './PartMeshes';
import { ProgressiveRender } from './ProgressiveRender';
import type { SceneReadyDetail } from './scene-ready';
import { ViewRig } from './ViewRig';

export const VIEW_BACKGROUND = '#0b0e14';

export function ViewScene({
  cloud,
  input,
  onComplete,
}: {
  cloud?: PointCloud;
  input: InputSurface['element'];
  onComplete: (detail: SceneReadyDetail) => void;
}) {
  const display = useViewer((s) => s.display);
  return (
    <>
      <color attach="background" args={[VIEW_BACKGROUND]} />
      {/* Hidden by a parent group, not unmounted: the points keep their framing and part state. */}
      <group visible={display !== 'mesh'}>{cloud && <CloudPoints cloud={cloud} />}</group>
      {cloud?.meshes && display !== 'points' && <PartMeshes cloud={cloud} />}
      <Orbit element={input} />
      <ViewRig cloud={cloud} />
      <ProgressiveRender onComplete={onComplete} />
    </>
  );
}
