// Re-roll the last run from its parts stage with a new parts seed: same picture and cutout, new parts
// and points. (Changing settings and pressing Generate reuses what it can the same way.)
import { useGeneration } from '../state/generation';
import { randomSeed } from '../pipeline/settings';
import { useStageOutputs } from '../state/stage-outputs';
import { startRun } from './run-controller';

export function RerollBar({ disabledReason }: { disabledReason?: string }) {
  const last = useStageOutputs((s) => s.last);
  const busy = useGeneration((s) => s.phase !== 'idle');
  if (!last) return null;
  const newParts = () => {
    useStageOutputs.getState().setPartsSeed(randomSeed());
    void startRun({ prompt: last.request.prompt, image: last.request.image });
  };
  return (
    <div className="reroll-bar">
      <button
        className="btn ghost small"
        data-testid="reroll-parts"
        disabled={busy || Boolean(disabledReason)}
        onClick={newParts}
        title="Keep this picture and cutout; new parts with a new seed"
      >
        ↺ New parts, same picture
      </button>
    </div>
  );
}
