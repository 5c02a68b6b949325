// "On this device": which variant of each graph this GPU runs, on which provider and why, and the
// float32 derivation (button, progress, cancel) when the GPU has no shader-f16.
import { useEffect } from 'react';
import type { ModelSet } from '../../../models/model-set';
import { useDeviceFit } from '../../state/device-fit';
import { formatBytes } from './format';

const PROVIDER_WORDS = { webgpu: 'GPU (WebGPU)', wasm: 'CPU (wasm)', cpu: 'CPU', cuda: 'CUDA' } as const;

export function DeviceFitSection({ set, installed }: { set: ModelSet; installed: boolean }) {
  const view = useDeviceFit((s) => s.sets[set.id]);
  const { refresh, derive, cancel } = useDeviceFit.getState();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `installed` re-checks the fit after an install
  useEffect(() => {
    void refresh(set.id);
  }, [set.id, installed, refresh]);
  const fit = view.fit;
  if (!fit)
    return (
      <div className="muted" data-testid={`fit-${set.id}`}>
        Checking what this device can run…
      </div>
    );
  const deriving = view.phase === 'deriving';
  const p = view.progress;
  const rows = Object.values(fit.graphs).filter((g) => !set.unavailable?.[g.key]);

  return (
    <div className="mm-fit" data-testid={`fit-${set.id}`}>
      <div className="mm-fit-head">
        <strong>On this device</strong>{' '}
        <span className="muted" data-testid={`fit-device-${set.id}`}>
          {fit.device}
        </span>
      </div>
      <table className="mm-files">
        <tbody>
          {rows.map((g) => (
            <tr key={g.key} data-testid="fit-row" data-key={g.key} data-variant={g.variant} data-provider={g.providers[0]}>
              <td className="mm-path mm-nowrap">{g.key}</td>
              <td className="mm-nowrap">{g.variant === 'float32' ? 'float32 (derived here)' : g.float}</td>
              <td className="mm-nowrap">{PROVIDER_WORDS[g.providers[0]]}</td>
              <td className="muted">{g.reason.slice(g.key.length + 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(fit.deriveWanted.length > 0 || deriving) && (
        <div className="mm-actions">
          <button
            className="btn small"
            data-testid={`derive-${set.id}`}
            disabled={deriving || !installed}
            onClick={() => void derive(set.id)}
            title={installed ? '' : 'Install the set first'}
          >
            Derive float32 graphs for this GPU ({fit.deriveWanted.length})
          </button>
          <button className="btn small" data-testid={`derive-cancel-${set.id}`} disabled={!deriving} onClick={() => cancel(set.id)}>
            Cancel
          </button>
        </div>
      )}
      {deriving && p && (
        <div className="mm-progress" data-testid={`derive-progress-${set.id}`}>
          <progress max={p.bytesTotal || 1} value={p.bytesDone} />
          <span data-testid={`derive-progress-text-${set.id}`}>
            deriving {p.key} ({p.index}/{p.count}) · {formatBytes(p.bytesDone)} / {formatBytes(p.bytesTotal)}
          </span>
        </div>
      )}
      {view.error && (
        <div className="mm-error" role="alert" data-testid={`derive-error-${set.id}`}>
          {view.error}
        </div>
      )}
      {view.notice && (
        <div className="muted" data-testid={`derive-notice-${set.id}`}>
          {view.notice}
        </div>
      )}
    </div>
  );
}
