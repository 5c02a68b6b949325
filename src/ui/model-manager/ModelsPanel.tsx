// The "Models" panel: a header button opens it over the page; it lists every model set, and the storage
// this origin uses against what the browser allows it, and where the real sets download from.
import { useEffect } from 'react';
import { MODEL_SETS } from '../../../models/sets/index';
import { useModels } from '../../state/models';
import { HostSettings } from './HostSettings';
import { SetCard } from './SetCard';
import { StorageLine } from './StorageLine';
import './model-manager.css';

export function ModelsButton() {
  return (
    <button className="btn ghost small" data-testid="models-open" onClick={() => useModels.getState().setOpen(true)}>
      Models
    </button>
  );
}

export function ModelsPanel() {
  const open = useModels((s) => s.open);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && useModels.getState().setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open) return null;

  return (
    <div className="mm-backdrop" onClick={(e) => e.target === e.currentTarget && useModels.getState().setOpen(false)}>
      <div className="mm-panel" role="dialog" aria-label="Models" data-testid="models-panel">
        <header className="mm-head">
          <h2>Models</h2>
          <StorageLine />
          <button className="btn ghost small" data-testid="models-close" onClick={() => useModels.getState().setOpen(false)}>
            Close
          </button>
        </header>
        <p className="muted">
          Model files are stored in this browser (OPFS) and used instead of the network once complete. Downloads resume where they stopped;
          each file is checked against its SHA-256 (or, for small files the host keeps in git, its git hash) before it counts as installed.
          Files already on this computer can be imported instead.
        </p>
        <HostSettings />
        {MODEL_SETS.map((s) => (
          <SetCard key={s.id} set={s} />
        ))}
      </div>
    </div>
  );
}
