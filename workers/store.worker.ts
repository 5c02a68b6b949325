// Store worker: downloads model files into OPFS. It must be a dedicated worker, because OPFS sync access
// handles (unbuffered positional writes, no whole-file copies) exist only there.
import * as Comlink from 'comlink';
import { downloadFile, type DownloadProgress, type StoreEntry } from '../src/store/download';
import { createOpfsStore } from '../src/store/opfs-store';
import { fileStatus, removeFile, verifyFile } from '../src/store/stored-file';

const store = createOpfsStore();
// One controller per running download, so abort(path) stops one file and abort() stops all (the
// worker bridge calls abort() with no argument).
const running = new Map<string, AbortController>();

const api = {
  async download(entry: StoreEntry, onProgress?: (p: DownloadProgress) => void) {
    const controller = new AbortController();
    running.set(entry.path, controller);
    try {
      return await downloadFile(store, entry, { signal: controller.signal, onProgress });
    } finally {
      if (running.get(entry.path) === controller) running.delete(entry.path);
    }
  },
  status: (path: string) => fileStatus(store, path),
  remove: (path: string) => removeFile(store, path),
  verify: (path: string) => verifyFile(store, path),
  abort(path?: string) {
    for (const [p, c] of running) if (path === undefined || p === path) c.abort();
  },
};

export type StoreApi = typeof api;

Comlink.expose(api);
