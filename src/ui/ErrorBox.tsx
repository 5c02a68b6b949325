// Errors in plain words: the heading and advice come from the error table (src/runtime/error-table.ts),
// by the error's name, never by its class.
import { useGeneration } from '../state/generation';

export function ErrorBox() {
  const error = useGeneration((s) => s.error);
  const notice = useGeneration((s) => s.notice);
  if (error) {
    return (
      <div className="error-box" role="alert" data-testid="error-box" data-error-name={error.name}>
        <strong>{error.title}</strong>
        <p>{error.message}</p>
        {error.advice && <p className="muted">{error.advice}</p>}
      </div>
    );
  }
  if (notice) return <div className="notice" data-testid="run-notice">{notice}</div>;
  return null;
}
