// The store worker (workers/store.worker.ts) behind the worker bridge, as a StoreClient for the page.
// Aborting a call asks the worker to stop that file (its partial stays for a resume); a worker that does
// not answer in time is terminated by the bridge, which loses nothing the meta has not already recorded.
import * as Comlink from 'comlink';
import { createWorkerBridge } from '../backends/worker-bridge';
import type { StoreApi } from '../../workers/store.worker';
import type { StoreClient } from './set-install';

export function storeWorkerClient(): StoreClient {
  const bridge = createWorkerBridge<StoreApi>({
    name: 'store',
    spawn: () => new Worker(new URL('../../workers/store.worker.ts', import.meta.url), { type: 'module', name: 'store' }),
  });
  return {
    download: (entry, onProgress, signal) => bridge.call((api) => api.download(entry, Comlink.proxy(onProgress)), signal),
    // A File crosses to the worker as a handle to the same bytes on disk (structured clone), not a copy.
    importFile: (entry, picked, onProgress, signal) => bridge.call((api) => api.importFile(entry, picked, Comlink.proxy(onProgress)), signal),
    status: (path) => bridge.call((api) => api.status(path)),
    remove: (path) => bridge.call((api) => api.remove(path)),
    verify: (path) => bridge.call((api) => api.verify(path)),
  };
}
