// Install a set from files on disk (no network): pick a folder, or drop files or folders on the card.
// The folder picker is used where the browser has one; the <input webkitdirectory> everywhere else
// (and by the e2e tests, which set its files directly).
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useModels } from '../../state/models';
import type { PickedFile } from '../../store/import-match';
import { fromDrop, fromFileList, hasDirectoryPicker, pickDirectory } from './pick-files';

export function ImportButton({ setId, disabled }: { setId: string; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const run = (picked: PickedFile[] | null) => picked?.length && void useModels.getState().importFiles(setId, picked);
  const open = async () => {
    if (hasDirectoryPicker()) run(await pickDirectory());
    else input.current?.click();
  };
  return (
    <>
      <button
        className="btn small"
        data-testid={`import-${setId}`}
        disabled={disabled}
        onClick={() => void open()}
        title="Copy the files from a folder on this computer instead of downloading them"
      >
        Import from disk…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid={`import-input-${setId}`}
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => {
          run(fromFileList(e.target.files));
          e.target.value = '';
        }}
      />
    </>
  );
}

/** The set card as a drop target for files and folders. */
export function ImportDropZone({ setId, enabled, children }: { setId: string; enabled: boolean; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const onDragOver = (e: DragEvent) => {
    if (!enabled || !e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    setOver(true);
  };
  const onDrop = async (e: DragEvent) => {
    if (!enabled) return;
    e.preventDefault();
    // Stop the page-wide image drop target from taking these files as an input image.
    e.stopPropagation();
    setOver(false);
    const picked = await fromDrop(e.dataTransfer);
    if (picked.length) void useModels.getState().importFiles(setId, picked);
  };
  return (
    <div
      className={`mm-drop${over ? ' over' : ''}`}
      data-testid={`drop-${setId}`}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
    >
      {children}
    </div>
  );
}
