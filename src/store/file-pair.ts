// A stored file is two files: the data and its record (`<path>.meta`, meta.ts). Both are opened together,
// with one writer per path in this worker (OPFS would refuse a second sync handle anyway, less clearly).
import { FileBusyError } from './errors';
import type { FileStore, SyncFile } from './file-store';
import { MetaFile, metaPath } from './meta';

const busy = new Set<string>();

export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  if (busy.has(path)) throw new FileBusyError(path);
  busy.add(path);
  try {
    return await fn();
  } finally {
    busy.delete(path);
  }
}

export async function openPair(store: FileStore, path: string, create: boolean): Promise<{ data: SyncFile; meta: MetaFile } | null> {
  let data: SyncFile | null;
  try {
    data = await store.open(path, create);
  } catch (e) {
    if ((e as Error).name === 'NoModificationAllowedError') throw new FileBusyError(path);
    throw e;
  }
  if (!data) return null;
  const metaFile = await store.open(metaPath(path), create).catch((e: unknown) => {
    data.close();
    throw e;
  });
  if (!metaFile) {
    data.close();
    return null;
  }
  return { data, meta: new MetaFile(metaFile) };
}
