// A set's licences with links and short terms; the box must be ticked before its first download.
import type { ModelSet } from '../../../models/model-set';
import { useModels } from '../../state/models';

export function LicenceGate({ set, accepted }: { set: ModelSet; accepted: boolean }) {
  return (
    <div className="mm-licences" data-testid={`licences-${set.id}`}>
      {set.licences.map((l) => (
        <div key={l.name} className="mm-licence">
          <a href={l.url} target="_blank" rel="noreferrer">
            {l.name}
          </a>
          <span className="muted"> — {l.terms}</span>
        </div>
      ))}
      <label className="mm-accept">
        <input
          type="checkbox"
          checked={accepted}
          data-testid={`licence-accept-${set.id}`}
          onChange={(e) => useModels.getState().accept(set.id, e.target.checked)}
        />
        I have read and accept these licence terms
      </label>
    </div>
  );
}
