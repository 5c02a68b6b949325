// The store worker (workers/store.worker.ts) behind the worker bridge, as a StoreClient for the page.
// Aborting a call asks the worker to stop that file (its partial stays for a resume); a worker that does
// not answer in time is terminated by the bridge, which loses nothing the meta has not already recorded.
import type { StoreApi } from '../../workers/store.worker';
import { createWorkerBridge } from './worker-bridge';
import { workerClient } from './worker-client';
import type { StoreClient } from '../store/store-api';

export function storeWorkerClient(): StoreClient {
  return workerClient(
    createWorkerBridge<StoreApi>({
      name: 'store',
      spawn: () => new Worker(new URL('../../workers/store.worker.ts', import.meta.url), { type: 'module', name: 'store' }),
    }),
  );
}
