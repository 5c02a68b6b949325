// Store worker: downloads model files into OPFS and imports picked ones. It must be a dedicated worker,
// because OPFS sync access handles (unbuffered positional writes, no whole-file copies) exist only there.
import * as Comlink from 'comlink';
import { downloadFile, type DownloadProgress, type StoreEntry } from '../src/store/download';
import { importFile } from '../src/store/import-file';
import { createOpfsStore } from '../src/store/opfs-store';
import { fileStatus, removeFile, verifyFile } from '../src/store/stored-file';

const store = createOpfsStore();
// One controller per running file, so abort(path) stops one file and abort() stops all (the worker
// bridge calls abort() with no argument).
const running = new Map<string, AbortController>();

async function track<T>(path: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  running.set(path, controller);
  try {
    return await fn(controller.signal);
  } finally {
    if (running.get(path) === controller) running.delete(path);
  }
}

const api = {
  download: (entry: StoreEntry, onProgress?: (p: DownloadProgress) => void) =>
    track(entry.path, (signal) => downloadFile(store, entry, { signal, onProgress })),
  importFile: (entry: StoreEntry, picked: { file: Blob; name: string }, onProgress?: (p: DownloadProgress) => void) =>
    track(entry.path, (signal) => importFile(store, entry, picked.file, { signal, onProgress, sourceName: picked.name })),
  status: (path: string) => fileStatus(store, path),
  remove: (path: string) => removeFile(store, path),
  verify: (path: string) => verifyFile(store, path),
  abort(path?: string) {
    for (const [p, c] of running) if (path === undefined || p === path) c.abort();
  },
};

export type StoreApi = typeof api;

Comlink.expose(api);
