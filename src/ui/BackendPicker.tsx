// Where runs happen: this device, or a Lumen server (server/) for a device without a capable GPU.
import { useState } from 'react';
import { useBackendChoice } from '../state/backend-choice';
import { useGeneration } from '../state/generation';

export function BackendPicker() {
  const { kind, url, health, healthError } = useBackendChoice();
  const busy = useGeneration((s) => s.phase !== 'idle');
  const [draft, setDraft] = useState(url);
  const choice = useBackendChoice.getState();
  return (
    <div className="backend-picker" data-testid="backend-picker">
      <div className="field">
        <span className="label">Run on</span>
        <label className="inline">
          <input
            type="radio"
            name="backend"
            checked={kind === 'local'}
            disabled={busy}
            data-testid="backend-local"
            onChange={() => choice.choose('local')}
          />{' '}
          this device
        </label>
        <label className="inline">
          <input
            type="radio"
            name="backend"
            checked={kind === 'remote'}
            disabled={busy}
            data-testid="backend-remote"
            onChange={() => choice.choose('remote', draft) && void choice.check()}
          />{' '}
          a Lumen server
        </label>
      </div>
      {kind === 'remote' && (
        <div className="field inline">
          <input
            className="mm-input"
            value={draft}
            aria-label="server address"
            data-testid="backend-url"
            disabled={busy}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => draft !== url && choice.choose('remote', draft) && void choice.check()}
          />
          <button
            className="btn ghost small"
            data-testid="backend-check"
            onClick={() => choice.choose('remote', draft) && void choice.check()}
          >
            check
          </button>
        </div>
      )}
      {kind === 'remote' && health && (
        <div className="muted" data-testid="backend-health">
          Server ready: sets {health.sets.map((s) => s.id).join(', ')} on {health.providers.join(', ')}
          {health.busy ? `, ${health.busy} run(s) in progress` : ''}.
        </div>
      )}
      {healthError && (
        <div className="mm-error" data-testid="backend-error">
          {healthError}
        </div>
      )}
    </div>
  );
}
