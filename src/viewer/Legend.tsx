// Parts of the current cloud: swatch, name, point count, show/hide and isolate.
import type { PointCloud } from '../pipeline/point-cloud';
import { useViewer } from '../state/viewer';
import type { CloudLayout } from './layout';
import { partCss } from '../pipeline/palette';

export function Legend({ cloud, layout }: { cloud: PointCloud; layout: CloudLayout }) {
  const visible = useViewer((s) => s.visible);
  const { toggle, isolate, showAll } = useViewer.getState();
  const empty = new Set(cloud.emptyParts);
  const failed = new Map(cloud.failedParts.map((f) => [f.part, f.reason]));
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-head">
        <span>Parts</span>
        <button className="link" onClick={showAll}>show all</button>
      </div>
      <ul>
        {Array.from({ length: layout.parts }, (_, p) => {
          const name = cloud.partNames[p] ?? `part ${p + 1}`;
          return (
          <li key={p} data-testid={`legend-part-${p}`} data-visible={visible[p] ? 'true' : 'false'}
            className={visible[p] ? '' : 'off'}>
            <label>
              <input type="checkbox" checked={visible[p]} onChange={() => toggle(p)}
                data-testid={`legend-toggle-${p}`} aria-label={`show ${name}`} />
              <span className="swatch" style={{ background: partCss(p) }} />
              <span className="part-name">{name}</span>
            </label>
            <span className="part-count" title={failed.get(p)} data-testid={`legend-count-${p}`}>
              {failed.has(p) ? 'failed' : empty.has(p) ? 'empty' : layout.counts[p].toLocaleString()}
            </span>
            <button className="link" onClick={() => isolate(p)} data-testid={`legend-isolate-${p}`}
              aria-label={`isolate ${name}`}>isolate</button>
          </li>
          );
        })}
      </ul>
    </div>
  );
}
