// A number input that lets the user type freely ("4" on the way to "4000" is not clamped to the minimum
// mid-typing): in-range values apply at once, anything else is clamped when the field loses focus.
import { useEffect, useState } from 'react';

interface Props {
  id: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onCommit(value: number): void;
}

export function NumberField({ id, value, min, max, step = 1, onCommit }: Props) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = () => {
    const v = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(v)) setDraft(String(value));
    else onCommit(v); // the store clamps; the effect above shows the clamped value
  };
  return (
    <input id={id} data-testid={id} type="number" min={min} max={max} step={step} value={draft}
      onChange={(e) => {
        setDraft(e.target.value);
        const v = Number(e.target.value);
        if (e.target.value.trim() !== '' && v >= min && v <= max) onCommit(v);
      }}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()} />
  );
}
