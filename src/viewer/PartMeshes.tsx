// The part meshes the points were sampled from: one shaded mesh per part, sharing the points' part
// visibility and explode offsets (read from the viewer store in a subscription, never by remounting).
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import type * as THREE from 'three';
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import { cloudLayout, explodeOffsets } from './layout';
import { createPartMeshGeometry, createPartMeshMaterial } from './mesh-material';

export function PartMeshes({ cloud }: { cloud: PointCloud }) {
  const invalidate = useThree((s) => s.invalidate);
  const layout = useMemo(() => cloudLayout(cloud), [cloud]);
  const parts = useMemo(
    () =>
      (cloud.meshes ?? []).map((m, p) =>
        m.indices.length > 0
          ? { part: p, geometry: createPartMeshGeometry(m.positions, m.indices), material: createPartMeshMaterial(p) }
          : undefined,
      ),
    [cloud],
  );
  const refs = useRef<(THREE.Mesh | null)[]>([]);

  useEffect(
    () => () =>
      parts.forEach((x) => {
        x?.geometry.dispose();
        x?.material.dispose();
      }),
    [parts],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: new parts mean new meshes in `refs`, which need the current state
  useEffect(() => {
    const apply = () => {
      const v = useViewer.getState();
      const offsets = explodeOffsets(layout, v.explode);
      refs.current.forEach((m, p) => {
        if (!m) return;
        m.visible = v.visible[p] !== false;
        m.position.set(offsets[3 * p], offsets[3 * p + 1], offsets[3 * p + 2]);
      });
      invalidate();
    };
    apply();
    return useViewer.subscribe(apply);
  }, [layout, parts, invalidate]);

  return (
    <group>
      {parts.map(
        (x, p) =>
          x && (
            <mesh
              key={p}
              ref={(m) => {
                refs.current[p] = m;
              }}
              geometry={x.geometry}
              material={x.material}
              name={`part-${p}`}
            />
          ),
      )}
    </group>
  );
}
