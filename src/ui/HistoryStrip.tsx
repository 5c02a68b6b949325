// Every finished run, kept on this device: thumbnails (newest first) that reopen the run exactly, delete
// one, or clear all, with what the history uses. Loads from IndexedDB, so it works offline.
import { useEffect } from 'react';
import { useGeneration } from '../state/generation';
import { historyBytes, useHistory } from '../state/history';
import { formatBytes } from './model-manager/format';
import { formatCount, formatDateTime } from '../leaf/locale-format';

export function HistoryStrip() {
  const entries = useHistory((s) => s.entries);
  const loaded = useHistory((s) => s.loaded);
  const currentId = useHistory((s) => s.currentId);
  const error = useHistory((s) => s.error);
  const busy = useGeneration((s) => s.phase !== 'idle');
  useEffect(() => {
    void useHistory.getState().refresh();
  }, []);
  const h = useHistory.getState();
  return (
    <section className="panel history" data-testid="history" data-loaded={String(loaded)} data-count={entries.length}>
      <div className="history-head">
        <span>History</span>
        <span className="muted" data-testid="history-usage">
          {entries.length} run{entries.length === 1 ? '' : 's'} · {formatBytes(historyBytes(entries))} on this device
        </span>
        {entries.length > 0 && (
          <button
            className="link"
            data-testid="history-clear"
            disabled={busy}
            onClick={() => window.confirm(`Delete all ${entries.length} runs from the history?`) && void h.clear()}
          >
            clear
          </button>
        )}
      </div>
      {error && (
        <div className="tool-error" role="alert" data-testid="history-error">
          {error}
        </div>
      )}
      {loaded && entries.length === 0 && <div className="muted">Finished runs appear here and stay after a reload.</div>}
      <ul className="history-strip">
        {entries.map(({ record, thumbUrl }, i) => (
          <li key={record.id} data-testid={`history-item-${i}`} data-id={record.id} className={record.id === currentId ? 'current' : ''}>
            <button
              className="history-open"
              data-testid={`history-open-${i}`}
              disabled={busy}
              onClick={() => void h.reopen(record.id)}
              title={`${record.uploaded ? 'your image' : `“${record.request.prompt}”`} · ${record.parts} parts · ${formatCount(record.points)} points · seed ${record.request.seed}\n${formatDateTime(record.createdAt)}`}
            >
              <img src={thumbUrl} alt={record.uploaded ? 'run from your image' : record.request.prompt} />
            </button>
            <button
              className="history-delete"
              data-testid={`history-delete-${i}`}
              disabled={busy}
              aria-label="delete this run"
              onClick={() => void h.remove(record.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
