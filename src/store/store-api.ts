// The model store's calls, written once over any FileStore: the store worker exposes them on OPFS
// (workers/store.worker.ts), Node tests call them directly on a memory store (the same code, not a
// stand-in). Each takes its signal first (src/leaf/jobs.ts), so pausing one call stops that call only.
import { directClient, type JobClient } from '../leaf/jobs';
import { downloadFile, type DownloadProgress, type StoreEntry } from './download';
import type { FileStore } from './file-store';
import { importFile } from './import-file';
import { fileStatus, removeFile, verifyFile } from './stored-file';

/** `fetchFn` lets a Node test route a host name to the local test server (no other use). */
export function storeApi(store: FileStore, fetchFn?: typeof fetch) {
  return {
    download: (signal: AbortSignal, entry: StoreEntry, onProgress?: (p: DownloadProgress) => void) =>
      downloadFile(store, entry, { signal, onProgress, fetchFn }),
    // A File crosses to the worker as a handle to the same bytes on disk (structured clone), not a copy.
    importFile: (
      signal: AbortSignal,
      entry: StoreEntry,
      picked: { file: Blob; name: string },
      onProgress?: (p: DownloadProgress) => void,
    ) => importFile(store, entry, picked.file, { signal, onProgress, sourceName: picked.name }),
    status: (_signal: AbortSignal, path: string) => fileStatus(store, path),
    remove: (_signal: AbortSignal, path: string) => removeFile(store, path),
    verify: (_signal: AbortSignal, path: string) => verifyFile(store, path),
  };
}

/** What installs, imports and the Models panel call: the store worker's client, or `directStore`. */
export type StoreClient = JobClient<ReturnType<typeof storeApi>>;

export const directStore = (store: FileStore, fetchFn?: typeof fetch): StoreClient => directClient(storeApi(store, fetchFn));
