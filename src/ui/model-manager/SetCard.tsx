// One model set in the Models panel: its licences (accepted before the first download), what installing
// it costs against the free space, the running install's progress and controls, import from disk, and
// every file with its stored state.
import type { ModelSet } from '../../../models/model-set';
import { useModels, type SetView } from '../../state/models';
import { builtOnDevice } from '../../store/set-files';
import { CompileSection } from './CompileSection';
import { DeviceFitSection } from './DeviceFitSection';
import { FileTable } from './FileTable';
import { needsText, setFigures } from './figures';
import { formatBytes, formatEta } from './format';
import { ImportButton, ImportDropZone } from './ImportControl';
import { LicenceGate } from './LicenceGate';

function Actions({ set, view, started, allDone }: { set: ModelSet; view: SetView; started: boolean; allDone: boolean }) {
  const { install, pause, cancel, remove, verify } = useModels.getState();
  const idle = view.phase === 'idle';
  const busy = view.phase === 'installing' || view.phase === 'importing';
  const files = view.files ?? [];
  return (
    <div className="mm-actions">
      <button
        className="btn primary small"
        data-testid={`install-${set.id}`}
        disabled={!idle || !view.accepted || allDone || !files.length}
        title={view.accepted ? '' : 'Accept the licence first'}
        onClick={() => void install(set.id)}
      >
        {started && !allDone ? 'Resume' : 'Install'}
      </button>
      <button className="btn small" data-testid={`pause-${set.id}`} disabled={!busy} onClick={() => pause(set.id)}>
        Pause
      </button>
      <button
        className="btn small"
        data-testid={`cancel-${set.id}`}
        disabled={!busy && !(idle && started && !allDone)}
        onClick={() => void cancel(set.id)}
      >
        Cancel
      </button>
      <button className="btn small" data-testid={`verify-${set.id}`} disabled={!idle || !started} onClick={() => void verify(set.id)}>
        Verify
      </button>
      <button
        className="btn danger small"
        data-testid={`delete-${set.id}`}
        disabled={!idle || !started}
        onClick={() => void remove(set.id)}
      >
        Delete
      </button>
      <ImportButton setId={set.id} disabled={!idle || !view.accepted || allDone || !files.length} />
      {!idle && (
        <span className="muted" data-testid={`phase-${set.id}`}>
          {view.phase}…
        </span>
      )}
    </div>
  );
}

function ImportReportView({ view }: { view: SetView }) {
  const r = view.importReport;
  if (!r) return null;
  return (
    <div className="mm-report" data-testid="import-report">
      <div>
        Imported {r.imported.length}, already installed {r.already.length}, not found {r.missing.length}.
      </div>
      {r.problems.length > 0 && (
        <ul className="mm-error">
          {r.problems.map((p) => (
            <li key={p.path} data-testid="import-problem" data-path={p.path}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {r.unused.length > 0 && (
        <div className="muted" data-testid="import-unused">
          Not part of this set, ignored: {r.unused.join(', ')}
        </div>
      )}
    </div>
  );
}

export function SetCard({ set }: { set: ModelSet }) {
  const view = useModels((s) => s.sets[set.id]);
  const storage = useModels((s) => s.storage);
  const files = view.files ?? [];
  const states = files.map((f) => view.states[f.storePath]);
  const complete = states.filter((s) => s?.kind === 'complete').length;
  const started = states.some((s) => s && s.kind !== 'missing');
  const allDone = files.length > 0 && complete === files.length;
  const fig = setFigures(files, view.states, storage);
  const p = view.progress;
  const setState = allDone ? 'installed' : started ? 'partially installed' : 'not installed';
  const onDevice = builtOnDevice(set);

  return (
    <section className="panel mm-set" data-testid={`set-${set.id}`}>
      <ImportDropZone setId={set.id} enabled={view.phase === 'idle' && view.accepted}>
        <header className="mm-set-head">
          <h3>{set.label}</h3>
          <span className="chip" data-testid={`set-state-${set.id}`}>
            {setState}
          </span>
          <span className="muted">
            {files.length} files{fig.totalBytes !== undefined ? `, ${formatBytes(fig.totalBytes)}` : ', size not yet known'}
          </span>
        </header>
        <LicenceGate set={set} accepted={view.accepted} />
        {!allDone && (
          <div className={fig.fits === false ? 'mm-error' : 'muted'} data-testid={`needs-${set.id}`}>
            {needsText(fig)}
          </div>
        )}
        <Actions set={set} view={view} started={started} allDone={allDone} />
        {p && (
          <div className="mm-progress" data-testid={`progress-${set.id}`}>
            <progress max={p.bytesTotal} value={p.bytesDone} />
            <span data-testid={`progress-text-${set.id}`}>
              {formatBytes(p.bytesDone)} / {formatBytes(p.bytesTotal)} · {p.speed ? `${formatBytes(p.speed)}/s` : '—/s'} · ETA{' '}
              {formatEta(p.etaSeconds)}
            </span>
          </div>
        )}
        {view.notes?.map((n) => (
          <div key={n} className="mm-note" data-testid={`note-${set.id}`}>
            {n}
          </div>
        ))}
        {view.error && (
          <div className="mm-error" role="alert" data-testid={`error-${set.id}`}>
            {view.error}
          </div>
        )}
        {view.notice && (
          <div className="muted" data-testid={`notice-${set.id}`}>
            {view.notice}
          </div>
        )}
        <ImportReportView view={view} />
        <DeviceFitSection set={set} installed={allDone} />
        <FileTable files={files} states={view.states} />
        {onDevice.length > 0 && (
          <div className="muted" data-testid={`on-device-${set.id}`}>
            Built on this device, not downloaded: {onDevice.map((p) => p.split('/').at(-1)).join(', ')}.
            {set.unavailable && ` ${[...new Set(Object.values(set.unavailable))].join(' ')}`}
          </div>
        )}
        <CompileSection set={set} />
        <div className="muted mm-drop-hint">Or drop the set&apos;s files or folder here to import them.</div>
      </ImportDropZone>
    </section>
  );
}
