// "Compile PartCrafter" on a set whose PartCrafter graphs are built on this device: which variant this
// device gets and why, what the compile reads (from the checkpoint's headers) and writes, the licence
// of the weights (accepted before the first compile), progress like a download's (graph k/4, tensor
// i/n, bytes, speed, time left) with pause, resume and cancel, each graph's stored state, and errors in
// plain words. The work runs in the compile worker; src/state/compile.ts sequences it.
import { useEffect } from 'react';
import type { ModelSet } from '../../../models/model-set';
import { allCompiled, useCompile, type CompileView } from '../../state/compile';
import { useModels } from '../../state/models';
import type { CompiledGraphState } from '../../jobs/compile-state';
import { compiledGraphs } from '../../jobs/compiled-paths';
import { formatBytes, formatEta } from './format';

const VARIANT_WORDS = { f16: 'float16', f32: 'float32' } as const;

function graphText(g: CompiledGraphState, view: CompileView): string {
  const s = g.state;
  if (s.kind === 'missing') return 'not compiled';
  if (s.kind === 'partial') return `partial ${Math.floor((100 * s.bytesDone) / Math.max(1, s.bytesTotal))}%`;
  const other =
    view.choice && s.options.variant !== view.choice.options.variant
      ? ` (this device compiles ${VARIANT_WORDS[view.choice.options.variant]})`
      : '';
  return `compiled, ${VARIANT_WORDS[s.options.variant]}${other}`;
}

function Sizes({ setId, view }: { setId: string; view: CompileView }) {
  const s = view.inspection?.summary;
  if (view.phase === 'checking')
    return (
      <div className="muted" data-testid={`compile-sizes-${setId}`}>
        Reading the checkpoint’s configs and headers…
      </div>
    );
  // Like the store, the panel asks the host nothing until the user does (it opens offline too).
  if (!s)
    return (
      <div className="muted" data-testid={`compile-sizes-${setId}`}>
        What it reads and writes comes from the checkpoint’s headers: check it, or start.
      </div>
    );
  const pin = view.inspection?.commit ? `commit ${view.inspection.commit.slice(0, 12)}` : view.inspection?.unpinned;
  return (
    <div className="muted" data-testid={`compile-sizes-${setId}`}>
      Reads {formatBytes(s.readBytes)} of the {formatBytes(s.checkpointBytes)} checkpoint ({pin}) · writes {formatBytes(s.writeBytes)}
      {s.remainingBytes < s.writeBytes && s.remainingBytes > 0 ? `, ${formatBytes(s.remainingBytes)} of it still to go` : ''}
    </div>
  );
}

function Progress({ setId, view }: { setId: string; view: CompileView }) {
  const p = view.progress;
  if (!p) return null;
  return (
    <div className="mm-progress" data-testid={`compile-progress-${setId}`}>
      <progress max={p.bytesTotal || 1} value={p.bytesDone} />
      <span data-testid={`compile-progress-text-${setId}`}>
        graph {p.graphIndex + 1}/{p.graphCount} {p.key} · tensor {p.tensor}/{p.tensorCount} · {formatBytes(p.bytesDone)} /{' '}
        {formatBytes(p.bytesTotal)} · {p.speed ? `${formatBytes(p.speed)}/s` : '—/s'} · ETA {formatEta(p.etaSeconds)}
      </span>
    </div>
  );
}

export function CompileSection({ set }: { set: ModelSet }) {
  const view = useCompile((s) => s.sets[set.id]) as CompileView | undefined;
  // The set's own actions (delete, verify) change what is stored: look again when one ends.
  const setPhase = useModels((s) => s.sets[set.id]?.phase);
  const { refresh, inspect, accept, compile, pause, cancel, remove } = useCompile.getState();
  const own = view !== undefined;
  useEffect(() => {
    if (own && setPhase === 'idle') void refresh(set.id);
  }, [own, set.id, setPhase, refresh]);
  if (!view || compiledGraphs(set).length === 0) return null;
  const done = allCompiled(view.graphs, view.choice);

  const idle = view.phase === 'idle';
  const compiling = view.phase === 'compiling';
  const graphs = view.graphs ?? [];
  const partial = graphs.some((g) => g.state.kind === 'partial');
  const complete = graphs.filter((g) => g.state.kind === 'complete').length;
  const state = done ? 'compiled' : partial || complete > 0 ? 'partially compiled' : 'not compiled';
  const licences = set.licences.filter((l) => l.covers.some((k) => compiledGraphs(set).includes(k)));
  const from = set.compiledFrom;

  return (
    <div className="mm-fit" data-testid={`compile-${set.id}`}>
      <div className="mm-fit-head">
        <strong>Compile PartCrafter</strong>
        <span className="chip" data-testid={`compile-state-${set.id}`}>
          {state}
        </span>
        <span className="muted">
          No ONNX export of these graphs exists: this device builds them from the official checkpoint ({from?.repo} at {from?.revision}),
          reading it tensor by tensor, into this browser’s model store.
        </span>
      </div>
      {view.choice && (
        <div data-testid={`compile-variant-${set.id}`} data-variant={view.choice.options.variant}>
          Variant: <strong>{VARIANT_WORDS[view.choice.options.variant]}</strong> <span className="muted">— {view.choice.reason}</span>
        </div>
      )}
      <Sizes setId={set.id} view={view} />
      <div className="mm-licences" data-testid={`compile-licence-${set.id}`}>
        {licences.map((l) => (
          <div key={l.name}>
            <a href={l.url} target="_blank" rel="noreferrer">
              {l.name}
            </a>
            <span className="muted"> — {l.terms}</span>
          </div>
        ))}
        <label className="mm-accept">
          <input
            type="checkbox"
            checked={view.accepted}
            data-testid={`compile-accept-${set.id}`}
            onChange={(e) => accept(set.id, e.target.checked)}
          />
          I have read and accept the terms of these weights
        </label>
      </div>
      <div className="mm-actions">
        <button
          className="btn primary small"
          data-testid={`compile-start-${set.id}`}
          disabled={!idle || !view.accepted || done}
          title={view.accepted ? '' : 'Accept the licence first'}
          onClick={() => void compile(set.id)}
        >
          {partial ? 'Resume' : complete > 0 ? 'Compile the rest' : 'Compile PartCrafter'}
        </button>
        <button className="btn small" data-testid={`compile-pause-${set.id}`} disabled={!compiling} onClick={() => pause(set.id)}>
          Pause
        </button>
        <button
          className="btn small"
          data-testid={`compile-cancel-${set.id}`}
          disabled={!compiling && !(idle && partial)}
          onClick={() => void cancel(set.id)}
        >
          Cancel
        </button>
        <button
          className="btn danger small"
          data-testid={`compile-delete-${set.id}`}
          disabled={!idle || complete === 0}
          onClick={() => void remove(set.id)}
        >
          Delete compiled graphs
        </button>
        {!idle && (
          <span className="muted" data-testid={`compile-phase-${set.id}`}>
            {view.phase}…
          </span>
        )}
        {!done && (
          <button className="btn ghost small" data-testid={`compile-check-${set.id}`} disabled={!idle} onClick={() => void inspect(set.id)}>
            {view.error ? 'Check again' : 'Check the checkpoint'}
          </button>
        )}
      </div>
      <Progress setId={set.id} view={view} />
      {view.error && (
        <div className="mm-error" role="alert" data-testid={`compile-error-${set.id}`}>
          {view.error}
        </div>
      )}
      {view.notice && (
        <div className="muted" data-testid={`compile-notice-${set.id}`}>
          {view.notice}
        </div>
      )}
      <table className="mm-files">
        <tbody>
          {graphs.map((g) => (
            <tr key={g.key} data-testid="compile-row" data-key={g.key} data-state={g.state.kind}>
              <td className="mm-path">{g.path.split('/').at(-1)}</td>
              <td>{g.state.kind === 'complete' ? formatBytes(g.state.bytes) : ''}</td>
              <td className={`mm-state-${g.state.kind === 'missing' ? 'missing' : g.state.kind}`} data-testid="compile-row-state">
                {graphText(g, view)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
