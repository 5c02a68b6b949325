// The numbers a set card shows before anything moves: how big the set is, how much is still to fetch,
// how much the browser says is free, and whether it fits ("needs X, Y free").
import type { FileState, SetFile } from '../../store/set-install';
import { formatBytes } from './format';

export interface SetFigures {
  /** Total bytes, when every file's size is known. */
  totalBytes?: number;
  /** Bytes still to store (complete files count zero, partials their rest). */
  neededBytes?: number;
  freeBytes?: number;
  fits?: boolean;
}

export function setFigures(files: SetFile[], states: Record<string, FileState>, storage?: { usage: number; quota: number }): SetFigures {
  if (!files.length || files.some((f) => f.bytes === undefined)) return {};
  const totalBytes = files.reduce((n, f) => n + f.bytes!, 0);
  const neededBytes = files.reduce((n, f) => {
    const st = states[f.storePath];
    return n + (st?.kind === 'complete' ? 0 : f.bytes! - (st?.bytesDone ?? 0));
  }, 0);
  const freeBytes = storage ? Math.max(0, storage.quota - storage.usage) : undefined;
  return { totalBytes, neededBytes, freeBytes, fits: freeBytes === undefined ? undefined : neededBytes <= freeBytes };
}

/** "Needs 2.65 GB, 10.20 GB free", or why it is not known yet. */
export function needsText(f: SetFigures): string {
  if (f.neededBytes === undefined) return 'Size known once the host is asked (on install).';
  if (f.neededBytes === 0) return 'Everything is stored.';
  const free = f.freeBytes === undefined ? 'free space unknown' : `${formatBytes(f.freeBytes)} free`;
  return `${f.fits === false ? 'Will not fit: needs' : 'Needs'} ${formatBytes(f.neededBytes)}, ${free}`;
}
