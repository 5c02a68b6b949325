// Candidate pictures for a prompt: how many to make (a setting; "auto" follows the device class), the grid
// as the pictures arrive, a pick that lifts one into 3D, and "new pictures" for another grid.
import { useEffect, useRef } from 'react';
import { MAX_CANDIDATES } from '../pipeline/candidates';
import type { RgbaImage } from '../pipeline/image';
import { candidateCount, useCandidates } from '../state/candidates';
import { useCapabilities } from '../state/capabilities';
import { useGeneration } from '../state/generation';
import { useInput } from '../state/input';
import { randomSeed } from '../pipeline/settings';
import { useSettings } from '../state/settings';
import { paintImage } from './image-file';
import { startRun } from './run-controller';

function CandidateImage({ image }: { image: RgbaImage }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintImage(ref.current, image);
  }, [image]);
  return <canvas ref={ref} />;
}

export function CandidateCount() {
  const chosen = useCandidates((s) => s.chosen);
  useCapabilities((s) => s.caps); // the automatic count follows the probe
  const auto = candidateCount({ ...useCandidates.getState(), chosen: undefined });
  return (
    <label className="candidate-count">
      Pictures per prompt
      <select
        data-testid="setting-candidates"
        value={chosen ?? 'auto'}
        onChange={(e) => useCandidates.getState().setCount(e.target.value === 'auto' ? undefined : Number(e.target.value))}
      >
        <option value="auto">auto ({auto})</option>
        {Array.from({ length: MAX_CANDIDATES }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CandidateGrid({ disabledReason }: { disabledReason?: string }) {
  const items = useCandidates((s) => s.items);
  const status = useCandidates((s) => s.status);
  const picked = useCandidates((s) => s.picked);
  const busy = useGeneration((s) => s.phase !== 'idle');
  if (status === 'none') return null;
  const again = () => {
    useSettings.getState().update({ seed: randomSeed() });
    void startRun({ prompt: useCandidates.getState().request?.prompt ?? useInput.getState().prompt });
  };
  return (
    <section className="panel candidates" data-testid="candidates" data-status={status}>
      <div className="candidates-head">
        <span>
          {status === 'making' ? 'Painting candidates…' : picked === undefined ? 'Pick the picture to lift into 3D' : 'Candidates'}
        </span>
        <button className="link" data-testid="candidates-again" disabled={busy || Boolean(disabledReason)} onClick={again}>
          new pictures
        </button>
      </div>
      <div className="candidate-grid">
        {items.map((c, i) => (
          <button
            // biome-ignore lint/suspicious/noArrayIndexKey: a candidate is its place in the grid (seeds are unknown until painted)
            key={i}
            className={`candidate ${picked === i ? 'picked' : ''}`}
            data-testid={`candidate-${i}`}
            data-ready={String(Boolean(c.image))}
            disabled={!c.image || busy || Boolean(disabledReason)}
            aria-pressed={picked === i}
            aria-label={`use picture ${i + 1} (seed ${c.seed})`}
            title={c.image ? `seed ${c.seed}` : undefined}
            onClick={() => void startRun({ prompt: useCandidates.getState().request?.prompt ?? '', pick: i })}
          >
            {c.image ? <CandidateImage image={c.image} /> : <div className="placeholder" />}
          </button>
        ))}
      </div>
    </section>
  );
}
