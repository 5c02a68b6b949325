// Drives the real store worker (OPFS, comlink, the worker bridge) for e2e/store.spec.ts, and reads what
// landed in OPFS back through the page's async API as an independent check.
import * as Comlink from 'comlink';
import { createWorkerBridge } from '../src/backends/worker-bridge';
import type { DownloadProgress, StoreEntry } from '../src/store/download';
import type { StoreApi } from '../workers/store.worker';

const bridge = createWorkerBridge<StoreApi>({
  name: 'store',
  spawn: () => new Worker(new URL('../workers/store.worker.ts', import.meta.url), { type: 'module', name: 'store' }),
});

const harness = {
  /** One download; `abortAfterMs` aborts it through the bridge (as the UI's cancel button would). */
  async download(entry: StoreEntry, abortAfterMs?: number) {
    const controller = new AbortController();
    const progress: DownloadProgress[] = [];
    const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
    try {
      const result = await bridge.call((api) => api.download(entry, Comlink.proxy((p: DownloadProgress) => void progress.push(p))), controller.signal);
      return { ok: true as const, result, progress };
    } catch (e) {
      return { ok: false as const, error: { name: (e as Error).name, message: (e as Error).message }, progress };
    } finally {
      clearTimeout(timer);
    }
  },
  status: (path: string) => bridge.call((api) => api.status(path)),
  verify: (path: string) => bridge.call((api) => api.verify(path)),
  remove: (path: string) => bridge.call((api) => api.remove(path)),
  /** SHA-256 and size of the stored data file as the page sees it, or null when absent. */
  async stored(path: string): Promise<{ bytes: number; sha256: string } | null> {
    try {
      let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('models');
      const parts = path.split('/');
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
      const file = await (await dir.getFileHandle(parts.at(-1)!)).getFile();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
      return { bytes: file.size, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
    } catch {
      return null;
    }
  },
  /** Empties the store's OPFS folder so each test starts clean. */
  async clear() {
    await (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined);
  },
};

declare global {
  interface Window {
    lumenStore: typeof harness;
  }
}
window.lumenStore = harness;
document.querySelector('[data-testid="harness-ready"]')?.removeAttribute('hidden');
