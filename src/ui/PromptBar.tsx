// Prompt, Generate / Cancel, and "use my image" (file picker; drag-and-drop is handled page-wide).
import { useEffect, useRef, useState } from 'react';
import { useGeneration } from '../state/generation';
import { useInput } from '../state/input';
import { decodeImageFile, paintImage } from './image-file';
import { cancelRun, startRun } from './run-controller';

/** Picks counted so that only the latest one lands, however long an earlier one takes to decode. */
let picks = 0;

/**
 * A picked or dropped file becomes the run's input. A file that cannot be used detaches the image picked
 * before it too (the user meant to replace it, so running on it would be a surprise) and says so.
 */
export async function acceptImageFile(file: File): Promise<void> {
  const pick = ++picks;
  try {
    const image = await decodeImageFile(file);
    if (pick === picks) useInput.getState().setUpload({ image, name: file.name });
  } catch (e) {
    if (pick !== picks) return;
    const input = useInput.getState();
    const previous = input.upload?.name;
    input.setUpload(undefined);
    input.setUploadError(
      (e as Error).message + (previous ? ` "${previous}" is no longer attached; the prompt is used unless you pick another image.` : ''),
    );
  }
}

function UploadChip() {
  const upload = useInput((s) => s.upload);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (upload && ref.current) paintImage(ref.current, upload.image);
  }, [upload]);
  if (!upload) return null;
  return (
    <div className="upload-chip" data-testid="upload-chip">
      <canvas ref={ref} />
      <span title={upload.name}>{upload.name}</span>
      <span className="muted">
        {upload.image.width}×{upload.image.height} · skips text-to-image
      </span>
      <button className="link" onClick={() => useInput.getState().setUpload(undefined)} aria-label="use the prompt instead">
        remove
      </button>
    </div>
  );
}

export function PromptBar({ disabledReason }: { disabledReason?: string }) {
  const phase = useGeneration((s) => s.phase);
  const prompt = useInput((s) => s.prompt);
  const upload = useInput((s) => s.upload);
  const uploadError = useInput((s) => s.uploadError);
  const fileRef = useRef<HTMLInputElement>(null);
  const [focused, setFocused] = useState(false);
  const busy = phase !== 'idle';
  const canRun = !busy && !disabledReason && (Boolean(upload) || prompt.trim().length > 0);

  const go = () => {
    if (!canRun) return;
    const { prompt: p, upload: u } = useInput.getState();
    void startRun({ prompt: p.trim(), image: u?.image });
  };

  return (
    <section className="panel prompt-bar">
      <div className={`prompt-row ${focused ? 'focused' : ''}`}>
        <input
          data-testid="prompt"
          className="prompt-input"
          value={prompt}
          placeholder={upload ? 'Using your image (the prompt is ignored)' : 'Describe an object…'}
          disabled={Boolean(upload)}
          onChange={(e) => useInput.getState().setPrompt(e.target.value)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={(e) => e.key === 'Enter' && go()}
          aria-label="prompt"
        />
        {/* Both buttons keep their places for the whole run: a second click of a double-click on
            Generate, or a Cancel clicked just as a run ends, lands on the same (now disabled) button
            instead of on the other one that would otherwise have taken its place. */}
        <button
          data-testid="generate"
          className="btn primary"
          onClick={go}
          disabled={!canRun}
          title={busy ? 'A run is in progress' : disabledReason}
        >
          {busy ? 'Generating…' : 'Generate'}
        </button>
        <button
          data-testid="cancel"
          className="btn danger"
          onClick={cancelRun}
          disabled={phase !== 'running'}
          title={busy ? undefined : 'Nothing to cancel'}
        >
          {phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div className="upload-row">
        <button className="btn ghost small" onClick={() => fileRef.current?.click()} disabled={busy}>
          Use my image…
        </button>
        <span className="muted">or drop an image anywhere on the page</span>
        <input
          ref={fileRef}
          data-testid="upload-input"
          type="file"
          accept="image/*"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void acceptImageFile(f);
            e.target.value = ''; // picking the same file again must fire change again
          }}
        />
      </div>
      <UploadChip />
      {uploadError && (
        <div className="inline-error" data-testid="upload-error">
          {uploadError}
        </div>
      )}
    </section>
  );
}
