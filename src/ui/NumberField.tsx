// A number input that lets the user type freely ("4" on the way to "4000" is not clamped to the minimum
// mid-typing): in-range values apply at once; on blur or Enter the field is set to the value the next run
// will use (the store's clamped value), and a note says the range whenever the typed number was outside it.
import { useEffect, useState } from 'react';
import { formatCount } from '../leaf/locale-format';

interface Props {
  id: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** Applies a typed value and returns the value that will run (clamped, rounded). */
  onCommit(value: number): number;
}

export function rangeText(min: number, max: number): string {
  return `${formatCount(min)}–${formatCount(max)}`;
}

export function NumberField({ id, value, min, max, step = 1, onCommit }: Props) {
  const [draft, setDraft] = useState(String(value));
  /** Set when the last committed number was outside the range: what was typed and what runs instead. */
  const [clamped, setClamped] = useState<{ typed: string; runs: number }>();
  useEffect(() => setDraft(String(value)), [value]);
  const typed = Number(draft);
  const outside = draft.trim() !== '' && Number.isFinite(typed) && (typed < min || typed > max);
  const commit = () => {
    if (draft.trim() === '' || !Number.isFinite(typed)) {
      setDraft(String(value));
      return;
    }
    const runs = onCommit(typed);
    // Always show what will run: when the store's value did not change (typing "1000" passes through
    // an in-range "100"), the effect above would not fire and the typed number would stay.
    setDraft(String(runs));
    setClamped(runs !== typed ? { typed: draft, runs } : undefined);
  };
  const noteId = `${id}-note`;
  const note = outside
    ? `${rangeText(min, max)}; ${draft} is outside it`
    : clamped && Number(draft) === clamped.runs
      ? `${rangeText(min, max)}: ${clamped.typed} became ${formatCount(clamped.runs)}`
      : undefined;
  return (
    <>
      <input
        id={id}
        data-testid={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft}
        aria-invalid={outside || undefined}
        aria-describedby={note ? noteId : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setClamped(undefined);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && v >= min && v <= max) onCommit(v);
        }}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {note && (
        <span className="field-note" id={noteId} data-testid={noteId} role="status">
          {note}
        </span>
      )}
    </>
  );
}
