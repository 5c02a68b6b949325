// Where the real sets download from: Hugging Face, or a mirror / self-host with the same layout; and the
// Hugging Face access token for gated repositories (RMBG-1.4). Saved in this browser.
import { useState } from 'react';
import { useModels } from '../../state/models';
import type { HostKind } from '../../store/hosts';

export function HostSettings() {
  const host = useModels((s) => s.host);
  const error = useModels((s) => s.hostError);
  const [kind, setKind] = useState<HostKind>(host.kind);
  const [mirrorUrl, setMirrorUrl] = useState(host.mirrorUrl);
  const [token, setToken] = useState(host.token);
  const [saved, setSaved] = useState(false);
  const dirty = kind !== host.kind || mirrorUrl !== host.mirrorUrl || token !== host.token;
  const save = () => setSaved(useModels.getState().setHost({ kind, mirrorUrl, token }));

  return (
    <details className="panel mm-host" data-testid="host-settings">
      <summary>
        Host: <span data-testid="host-current">{host.kind === 'mirror' ? `mirror ${host.mirrorUrl}` : 'Hugging Face'}</span>
        {host.token && host.kind === 'huggingface' ? ' · token set' : ''}
      </summary>
      <p className="muted">
        The real models download from huggingface.co, or from a mirror or your own server that keeps Hugging Face&apos;s layout (
        <code>{'{owner}/{repo}/resolve/{revision}/{file}'}</code>) and its file listing (sizes and hashes).
      </p>
      <div className="mm-host-row">
        <label>
          <input type="radio" name="host" checked={kind === 'huggingface'} data-testid="host-hf" onChange={() => setKind('huggingface')} />{' '}
          Hugging Face
        </label>
        <label>
          <input type="radio" name="host" checked={kind === 'mirror'} data-testid="host-mirror" onChange={() => setKind('mirror')} /> Mirror
        </label>
        <input
          className="mm-input"
          placeholder="https://hf-mirror.com/"
          value={mirrorUrl}
          disabled={kind !== 'mirror'}
          data-testid="host-mirror-url"
          onChange={(e) => {
            setMirrorUrl(e.target.value);
            setSaved(false);
          }}
        />
      </div>
      <div className="mm-host-row">
        <label htmlFor="hf-token">Hugging Face access token</label>
        <input
          id="hf-token"
          className="mm-input"
          type="password"
          autoComplete="off"
          placeholder="hf_…"
          value={token}
          data-testid="host-token"
          onChange={(e) => {
            setToken(e.target.value);
            setSaved(false);
          }}
        />
      </div>
      <p className="muted">
        Needed for gated repositories (RMBG-1.4): accept the terms on the repository&apos;s page, then create a read token at
        huggingface.co/settings/tokens. It is stored in this browser and sent only to huggingface.co, never to a mirror.
      </p>
      <div className="mm-host-row">
        <button className="btn small" data-testid="host-save" disabled={!dirty} onClick={save}>
          Save
        </button>
        {saved && !dirty && (
          <span className="muted" data-testid="host-saved">
            Saved.
          </span>
        )}
        {error && (
          <span className="mm-error" role="alert" data-testid="host-error">
            {error}
          </span>
        )}
      </div>
    </details>
  );
}
