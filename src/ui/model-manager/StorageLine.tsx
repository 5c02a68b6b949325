// What this origin stores against what the browser allows, and whether the browser promised to keep it.
import { historyBytes, useHistory } from '../../state/history';
import { useModels } from '../../state/models';
import { formatBytes } from './format';

export function StorageLine() {
  const storage = useModels((s) => s.storage);
  const persisted = useModels((s) => s.persisted);
  const history = useHistory((s) => historyBytes(s.entries));
  return (
    <div className="mm-storage">
      <span className="muted" data-testid="storage-used">
        {storage ? `Storage: ${formatBytes(storage.usage)} used of ${formatBytes(storage.quota)}` : 'Storage: unknown'}
      </span>
      <span className="muted" data-testid="storage-history">
        of which the run history: {formatBytes(history)}
      </span>
      <span className="muted" data-testid="storage-persisted" data-persisted={String(persisted ?? 'unknown')}>
        {persisted ? (
          'Kept: the browser will not evict these files.'
        ) : (
          <>
            Not yet kept: when the disk runs low the browser may delete these files (gigabytes to download again).{' '}
            <button className="btn ghost small" data-testid="storage-persist" onClick={() => void useModels.getState().requestPersist()}>
              Ask to keep them
            </button>
          </>
        )}
      </span>
    </div>
  );
}
