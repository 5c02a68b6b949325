// Errors in plain words. The advice depends on the error's name (STYLE.md #5), never on its class.
import { useGeneration } from '../state/generation';

const ADVICE: Record<string, string> = {
  DeviceLostError: 'Try fewer parts, fewer tokens per part or a smaller grid.',
  ShaderF16SupportError: 'The app will use the CPU for these models; reload to try again.',
  GraphUnavailableError: 'Switch to the fixture set (?set=fixture) until these models can be downloaded.',
  GraphNotBuiltError: 'Open Models: the real set has a "Compile PartCrafter" section; once it has run, generate again.',
  GraphContractError: 'The model files do not match this version of the app; clear the model cache and reload.',
  ModelFileError: 'Clear the model cache and download the models again.',
  AssetFetchError: 'Check your connection and try again.',
  NotInstalledError: 'Open Models, install the set, then generate again.',
  WorkerCrashError: 'Press Generate to try again.',
};

export function ErrorBox() {
  const error = useGeneration((s) => s.error);
  const notice = useGeneration((s) => s.notice);
  if (error) {
    return (
      <div className="error-box" role="alert" data-testid="error-box" data-error-name={error.name}>
        <strong>{error.title}</strong>
        <p>{error.message}</p>
        {ADVICE[error.name] && <p className="muted">{ADVICE[error.name]}</p>}
      </div>
    );
  }
  if (notice) return <div className="notice" data-testid="run-notice">{notice}</div>;
  return null;
}
