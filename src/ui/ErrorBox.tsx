// Errors in plain words, with what to do about each (the error table, src/runtime/error-table.ts, through src/ui/error-advice.ts).
import { useGeneration } from '../state/generation';
import { useSettings } from '../state/settings';
import { errorAdvice } from './error-advice';

export function ErrorBox() {
  const error = useGeneration((s) => s.error);
  const notice = useGeneration((s) => s.notice);
  const setLabel = useSettings((s) => s.set.label);
  if (error) {
    const online = typeof navigator === 'undefined' || navigator.onLine !== false;
    const advice = errorAdvice(error.name, { online, setLabel });
    return (
      <div className="error-box" role="alert" data-testid="error-box" data-error-name={error.name}>
        <strong>{error.title}</strong>
        <p>{error.message}</p>
        {advice && (
          <p className="muted" data-testid="error-advice">
            {advice}
          </p>
        )}
      </div>
    );
  }
  if (notice)
    return (
      <div className="notice" data-testid="run-notice">
        {notice}
      </div>
    );
  return null;
}
