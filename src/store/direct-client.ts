// The store's API called directly on a FileStore, with no worker in between: what the store worker runs
// over OPFS, and what Node tests run over a memory store (the same code, not a stand-in).
import { downloadFile } from './download';
import type { FileStore } from './file-store';
import { importFile } from './import-file';
import type { StoreClient } from './set-install';
import { fileStatus, removeFile, verifyFile } from './stored-file';

/** `fetchFn` lets a Node test route a host name to the local test server (no other use). */
export function directClient(store: FileStore, fetchFn?: typeof fetch): StoreClient {
  return {
    download: (entry, onProgress, signal) => downloadFile(store, entry, { onProgress, signal, fetchFn }),
    importFile: (entry, picked, onProgress, signal) => importFile(store, entry, picked.file, { onProgress, signal, sourceName: picked.name }),
    status: (path) => fileStatus(store, path),
    remove: (path) => removeFile(store, path),
    verify: (path) => verifyFile(store, path),
  };
}
