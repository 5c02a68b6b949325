// The viewer's display and export tools: points / mesh / both, GLB (one named mesh per part), PLY and a
// PNG of the current view. Exports follow the legend: hidden parts stay out, names are the legend's.
import { useState } from 'react';
import { useGeneration } from '../state/generation';
import { useViewer, type ViewerDisplay } from '../state/viewer';
import { encodeGlb } from '../viewer/export-glb';
import { downloadBytes, encodePly } from '../pipeline/ply';
import { viewActions, viewPng } from '../viewer/view-handle';
import { partNamesOf } from '../state/part-names';
import { installTestSurface } from './test-surface';
import './explore.css';

installTestSurface();

const DISPLAYS: [ViewerDisplay, string][] = [
  ['points', 'Points'],
  ['mesh', 'Mesh'],
  ['both', 'Both'],
];

export function ViewerTools() {
  const cloud = useGeneration((s) => s.cloud);
  const display = useViewer((s) => s.display);
  const turntable = useViewer((s) => s.turntable);
  const depthShading = useViewer((s) => s.depthShading);
  const [error, setError] = useState<string>();
  const hasMeshes = Boolean(cloud?.meshes?.length);

  const run = (job: () => Promise<void>) => () => {
    setError(undefined);
    job().catch((e: Error) => setError(e.message));
  };
  const exportGlb = run(async () => {
    if (!cloud?.meshes) return;
    const glb = await encodeGlb(cloud.meshes, partNamesOf(cloud), useViewer.getState().visible);
    downloadBytes(new Uint8Array(glb), 'lumen-parts.glb', 'model/gltf-binary');
  });
  const exportPly = run(async () => {
    if (!cloud) return;
    downloadBytes(encodePly({ ...cloud, partNames: partNamesOf(cloud) }, useViewer.getState().visible), 'lumen-points.ply');
  });
  const exportPng = run(async () => {
    downloadBytes(new Uint8Array(await (await viewPng()).arrayBuffer()), 'lumen-view.png', 'image/png');
  });

  return (
    <div className="viewer-tools" role="group" aria-label="display and export">
      <div className="viewer-view-tools">
        <button
          className="btn ghost small"
          data-testid="view-fit"
          disabled={!cloud}
          onClick={() => viewActions().fit()}
          title="Fit the object (F)"
        >
          Fit
        </button>
        <button
          className="btn ghost small"
          data-testid="view-reset"
          disabled={!cloud}
          onClick={() => viewActions().reset()}
          title="Reset the view (R)"
        >
          Reset
        </button>
        <button
          className={`btn small ${turntable ? 'on' : 'ghost'}`}
          data-testid="view-turntable"
          aria-pressed={turntable}
          disabled={!cloud}
          onClick={() => useViewer.getState().setTurntable(!turntable)}
          title="Turntable (T)"
        >
          Turntable
        </button>
        <button
          className={`btn small ${depthShading ? 'on' : 'ghost'}`}
          data-testid="view-depth"
          aria-pressed={depthShading}
          disabled={!cloud}
          onClick={() => useViewer.getState().setDepthShading(!depthShading)}
          title="Depth shading for points (D)"
        >
          Depth
        </button>
        <button
          className="btn ghost small"
          data-testid="view-help"
          onClick={() => useViewer.getState().setHelp(true)}
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </div>
      <div className="segmented" role="radiogroup" aria-label="display">
        {DISPLAYS.map(([d, label]) => (
          <button
            key={d}
            role="radio"
            aria-checked={display === d}
            data-testid={`display-${d}`}
            className={`btn small ${display === d ? 'on' : 'ghost'}`}
            disabled={d !== 'points' && !hasMeshes}
            title={d !== 'points' && !hasMeshes ? 'This run has no part meshes (a server run sends points only).' : undefined}
            onClick={() => useViewer.getState().setDisplay(d)}
          >
            {label}
          </button>
        ))}
      </div>
      <button className="btn ghost small" onClick={exportGlb} disabled={!hasMeshes} data-testid="export-glb">
        Export GLB
      </button>
      <button className="btn ghost small" onClick={exportPly} disabled={!cloud} data-testid="export-ply">
        Export PLY
      </button>
      <button className="btn ghost small" onClick={exportPng} disabled={!cloud} data-testid="export-png">
        Export PNG
      </button>
      {error && (
        <span className="tool-error" role="alert" data-testid="export-error">
          {error}
        </span>
      )}
    </div>
  );
}
