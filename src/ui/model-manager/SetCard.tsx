// One model set in the Models panel: its licences (accepted before the first download), what installing
// it costs, the running install's progress and controls, and every file with its stored state.
import type { ModelSet } from '../../../models/model-set';
import { useModels } from '../../state/models';
import type { FileState } from '../../store/set-install';
import { CompileSection } from './CompileSection';
import { DeviceFitSection } from './DeviceFitSection';
import { formatBytes, formatEta } from './format';

function stateText(s: FileState | undefined, total?: number): string {
  if (!s || s.kind === 'missing') return 'missing';
  if (s.kind === 'partial') return `partial ${total ? Math.floor((100 * s.bytesDone) / total) : 0}%`;
  return s.kind;
}

export function SetCard({ set }: { set: ModelSet }) {
  const view = useModels((s) => s.sets[set.id]);
  const { accept, install, pause, cancel, remove, verify } = useModels.getState();
  const files = view.files ?? [];
  const states = files.map((f) => view.states[f.storePath]);
  const complete = states.filter((s) => s?.kind === 'complete').length;
  const started = states.some((s) => s && s.kind !== 'missing');
  const known = files.every((f) => f.bytes !== undefined);
  const total = files.reduce((n, f) => n + (f.bytes ?? 0), 0);
  const idle = view.phase === 'idle';
  const installing = view.phase === 'installing';
  const allDone = files.length > 0 && complete === files.length;
  const p = view.progress;
  const setState = allDone ? 'installed' : started ? 'partially installed' : 'not installed';

  return (
    <section className="panel mm-set" data-testid={`set-${set.id}`}>
      <header className="mm-set-head">
        <h3>{set.label}</h3>
        <span className="chip" data-testid={`set-state-${set.id}`}>{setState}</span>
        <span className="muted">{files.length} files{known ? `, ${formatBytes(total)}` : ', size not yet known'}</span>
      </header>

      <div className="mm-licences" data-testid={`licences-${set.id}`}>
        {set.licences.map((l) => (
          <div key={l.name} className="mm-licence">
            <a href={l.url} target="_blank" rel="noreferrer">{l.name}</a>
            <span className="muted"> — {l.terms}</span>
          </div>
        ))}
        <label className="mm-accept">
          <input type="checkbox" checked={view.accepted} data-testid={`licence-accept-${set.id}`}
            onChange={(e) => accept(set.id, e.target.checked)} />
          I have read and accept these licence terms
        </label>
      </div>

      <div className="mm-actions">
        <button className="btn primary small" data-testid={`install-${set.id}`}
          disabled={!idle || !view.accepted || allDone || !files.length} title={view.accepted ? '' : 'Accept the licence first'}
          onClick={() => void install(set.id)}>
          {started && !allDone ? 'Resume' : 'Install'}
        </button>
        <button className="btn small" data-testid={`pause-${set.id}`} disabled={!installing} onClick={() => pause(set.id)}>Pause</button>
        <button className="btn small" data-testid={`cancel-${set.id}`} disabled={!installing && !(idle && started && !allDone)}
          onClick={() => void cancel(set.id)}>Cancel</button>
        <button className="btn small" data-testid={`verify-${set.id}`} disabled={!idle || !started} onClick={() => void verify(set.id)}>Verify</button>
        <button className="btn danger small" data-testid={`delete-${set.id}`} disabled={!idle || !started} onClick={() => void remove(set.id)}>Delete</button>
        {!idle && <span className="muted" data-testid={`phase-${set.id}`}>{view.phase}…</span>}
      </div>

      {p && (
        <div className="mm-progress" data-testid={`progress-${set.id}`}>
          <progress max={p.bytesTotal} value={p.bytesDone} />
          <span data-testid={`progress-text-${set.id}`}>
            {formatBytes(p.bytesDone)} / {formatBytes(p.bytesTotal)} · {p.speed ? `${formatBytes(p.speed)}/s` : '—/s'} · ETA {formatEta(p.etaSeconds)}
          </span>
        </div>
      )}
      {view.error && <div className="mm-error" role="alert" data-testid={`error-${set.id}`}>{view.error}</div>}
      {view.notice && <div className="muted" data-testid={`notice-${set.id}`}>{view.notice}</div>}

      <DeviceFitSection set={set} installed={allDone} />
      <CompileSection set={set} />

      <table className="mm-files">
        <tbody>
          {files.map((f, i) => (
            <tr key={f.storePath} data-testid="file-row" data-path={f.storePath}>
              <td className="mm-path">{f.path}</td>
              <td>{f.bytes === undefined ? '?' : formatBytes(f.bytes)}</td>
              <td data-testid="file-status" className={`mm-state-${states[i]?.kind ?? 'missing'}`}
                title={states[i]?.kind === 'error' ? (states[i] as { message: string }).message : undefined}>
                {stateText(states[i], f.bytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
