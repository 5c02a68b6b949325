// text → image → cutout → parts → points, each with its status, step counter, label and elapsed time.
import { useEffect, useState } from 'react';
import { useGeneration } from '../state/generation';
import { formatMs, STAGE_IDS, STAGE_TITLES, stepText, type StageState } from '../state/stages';
import type { StageId } from '../leaf/progress';

/** Re-renders the caller every `ms` while `on` — only the running stage ticks. */
function useTick(on: boolean, ms = 250): number {
  const [t, setT] = useState(() => performance.now());
  useEffect(() => {
    if (!on) return;
    setT(performance.now()); // not the time of mount: a stage that just started would show a negative time
    const id = setInterval(() => setT(performance.now()), ms);
    return () => clearInterval(id);
  }, [on, ms]);
  return t;
}

const STATUS_WORDS = {
  idle: 'waiting',
  running: 'running',
  done: 'done',
  error: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
  reused: 'reused',
};
const DOTS: Partial<Record<StageState['status'], string>> = { done: '✓', error: '!', cancelled: '×', reused: '↺' };

function StageItem({ id, s, index }: { id: StageId; s: StageState; index: number }) {
  const now = useTick(s.status === 'running');
  const elapsed = s.status === 'running' && s.startedAt !== undefined ? now - s.startedAt : s.ms;
  const steps = stepText(s);
  const frac = s.status === 'done' || s.status === 'reused' ? 1 : s.total ? Math.min(1, (s.step ?? 0) / s.total) : 0;
  return (
    <li className={`stage ${s.status}`} data-testid={`stage-${id}`} data-status={s.status}>
      <div className="stage-top">
        <span className="stage-dot" aria-hidden>
          {DOTS[s.status] ?? index + 1}
        </span>
        <span className="stage-title">{STAGE_TITLES[id]}</span>
        <span className="stage-time">{formatMs(elapsed)}</span>
      </div>
      <div className="stage-bar" aria-hidden>
        <div className={`stage-fill ${s.status === 'running' && !s.total ? 'indeterminate' : ''}`} style={{ width: `${frac * 100}%` }} />
      </div>
      <div className="stage-detail" data-testid={`stage-${id}-detail`}>
        {[STATUS_WORDS[s.status], steps, s.label].filter(Boolean).join(' · ')}
      </div>
      {s.info && (
        <div className="stage-info" data-testid={`stage-${id}-info`} title={s.info}>
          {s.info}
        </div>
      )}
    </li>
  );
}

export function StageStrip() {
  const stages = useGeneration((s) => s.stages);
  return (
    <ol className="stage-strip" data-testid="stage-strip">
      {STAGE_IDS.map((id, i) => (
        <StageItem key={id} id={id} s={stages[id]} index={i} />
      ))}
    </ol>
  );
}
