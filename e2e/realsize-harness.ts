// Drives the real paths a real-size graph takes, for bench/real-size.ts: the store worker downloads it
// into OPFS (size and SHA-256 checked), the derive worker makes its float32 variant, and the OPFS
// session worker creates an onnxruntime-web session from the stored files the way the stage workers do.
// Each runs in its own worker, so the bench can watch each one's heap over CDP.
import * as Comlink from 'comlink';
import type { GraphKey } from '../models/model-set';
import type { StoreEntry } from '../src/store/download';
import { storeWorkerClient } from '../src/backends/store-client';
import { createWorkerBridge } from '../src/backends/worker-bridge';
import { workerClient } from '../src/backends/worker-client';
import type { DeriveApi } from '../workers/derive.worker';
import type { OpfsSessionApi } from './opfs-session.worker';

const store = storeWorkerClient();
const derive = workerClient(
  createWorkerBridge<DeriveApi>({
    name: 'derive',
    spawn: () => new Worker(new URL('../workers/derive.worker.ts', import.meta.url), { type: 'module', name: 'derive' }),
  }),
);
const sessions = Comlink.wrap<OpfsSessionApi>(
  new Worker(new URL('./opfs-session.worker.ts', import.meta.url), { type: 'module', name: 'opfs-session' }),
);
const failure = (e: unknown) => ({ ok: false as const, error: { name: (e as Error).name, message: (e as Error).message } });

async function timed<T>(work: () => Promise<T>) {
  const t0 = performance.now();
  try {
    const value = await work();
    return { ok: true as const, ms: performance.now() - t0, value };
  } catch (e) {
    return { ...failure(e), ms: performance.now() - t0 };
  }
}

const api = {
  download: (entry: StoreEntry) => timed(() => store.download(entry, () => undefined)),
  derive: (setId: string, key: GraphKey) => timed(() => derive.derive(setId, key)),
  /** Creates a session from a stored graph (no run: a real-size step takes minutes on these providers). */
  session: (path: string, provider: 'wasm' | 'webgpu') => timed(() => sessions.session(path, provider)),
  remove: (path: string) => store.remove(path),
  async clear() {
    await (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined);
  },
};

export type RealSizeHarness = typeof api;
declare global {
  interface Window {
    lumenRealSize: RealSizeHarness;
  }
}
window.lumenRealSize = api;
document.querySelector('[data-testid="harness-ready"]')?.removeAttribute('hidden');
