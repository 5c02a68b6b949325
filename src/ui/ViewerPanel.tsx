// The 3D view with its toolbar (explode, point size, display and exports) and the parts legend.
import { useMemo } from 'react';
import { useGeneration } from '../state/generation';
import { useViewer } from '../state/viewer';
import { CloudView } from '../viewer/CloudView';
import { cloudSummary, partCounts } from '../viewer/layout';
import { Legend } from '../viewer/Legend';
import { ViewerTools } from './ViewerTools';

export function ViewerPanel() {
  const cloud = useGeneration((s) => s.cloud);
  const explode = useViewer((s) => s.explode);
  const pointSize = useViewer((s) => s.pointSize);
  const counts = useMemo(() => (cloud ? partCounts(cloud) : undefined), [cloud]);

  return (
    <section className="viewer">
      <CloudView cloud={cloud} />
      <div className="viewer-toolbar">
        <label>
          Explode
          <input
            type="range"
            min={0}
            max={1}
            step={0.01}
            value={explode}
            data-testid="explode"
            aria-valuetext={`${Math.round(explode * 100)}%`}
            onChange={(e) => useViewer.getState().setExplode(Number(e.target.value))}
          />
        </label>
        <label>
          Point size
          <input
            type="range"
            min={1}
            max={8}
            step={0.5}
            value={pointSize}
            data-testid="point-size"
            aria-valuetext={`${pointSize} px`}
            onChange={(e) => useViewer.getState().setPointSize(Number(e.target.value))}
          />
        </label>
        <span className="muted" data-testid="viewer-summary">
          {counts ? cloudSummary(counts) : ''}
        </span>
        <ViewerTools />
      </div>
      {cloud && counts && <Legend cloud={cloud} counts={counts} />}
    </section>
  );
}
