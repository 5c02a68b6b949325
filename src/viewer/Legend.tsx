// Parts of the current cloud: swatch, editable name, point count, show/hide and isolate.
import type { PointCloud } from '../pipeline/point-cloud';
import { partNamesOf, usePartNames } from '../state/part-names';
import { useViewer } from '../state/viewer';
import type { PartCounts } from './layout';
import { partCss } from '../pipeline/palette';
import { formatCount } from '../leaf/locale-format';

export function Legend({ cloud, counts }: { cloud: PointCloud; counts: PartCounts }) {
  const visible = useViewer((s) => s.visible);
  const names = usePartNames((s) => partNamesOf(cloud, s));
  const { toggle, isolate, showAll } = useViewer.getState();
  const empty = new Set(cloud.emptyParts);
  const failed = new Map(cloud.failedParts.map((f) => [f.part, f.reason]));
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-head">
        <span>Parts</span>
        <button className="link" onClick={showAll}>
          show all
        </button>
      </div>
      <ul>
        {Array.from({ length: counts.parts }, (_, p) => {
          const name = names[p] ?? `part ${p + 1}`;
          return (
            <li key={p} data-testid={`legend-part-${p}`} data-visible={visible[p] ? 'true' : 'false'} className={visible[p] ? '' : 'off'}>
              <label>
                <input
                  type="checkbox"
                  checked={visible[p]}
                  onChange={() => toggle(p)}
                  data-testid={`legend-toggle-${p}`}
                  aria-label={`show ${name}`}
                />
                <span className="swatch" style={{ background: partCss(p) }} />
                {/* Renamed on commit (blur or Enter), so exports and history never see half-typed names. */}
                <input
                  className="part-name"
                  key={`${p}:${name}`}
                  defaultValue={name}
                  data-testid={`legend-name-${p}`}
                  aria-label={`name of part ${p + 1}`}
                  maxLength={60}
                  onBlur={(e) => e.target.value !== names[p] && usePartNames.getState().rename(cloud, p, e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                />
              </label>
              <span className="part-count" title={failed.get(p)} data-testid={`legend-count-${p}`}>
                {failed.has(p) ? 'failed' : empty.has(p) ? 'empty' : formatCount(counts.counts[p])}
              </span>
              <button className="link" onClick={() => isolate(p)} data-testid={`legend-isolate-${p}`} aria-label={`isolate ${name}`}>
                isolate
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
