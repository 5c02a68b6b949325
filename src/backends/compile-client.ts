// The compile worker (workers/compile.worker.ts) behind the worker bridge, as the page's CompileClient.
// Pause is an abort: the worker stops after the tensor in hand (its checkpoint is on storage already);
// one that does not answer in time is terminated by the bridge, which loses nothing checkpointed.
import type { CompileApi } from '../../workers/compile.worker';
import { createWorkerBridge } from './worker-bridge';
import { workerClient } from './worker-client';
import type { CompileClient } from '../jobs/compile-api';

export function compileWorkerClient(): CompileClient {
  return workerClient(
    createWorkerBridge<CompileApi>({
      name: 'compile',
      spawn: () => new Worker(new URL('../../workers/compile.worker.ts', import.meta.url), { type: 'module', name: 'compile' }),
    }),
  );
}
