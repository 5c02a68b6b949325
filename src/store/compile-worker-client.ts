// The compile worker (workers/compile.worker.ts) behind the worker bridge, as the page's CompileClient.
// Pause is an abort: the worker stops after the tensor in hand (its checkpoint is on storage already);
// one that does not answer in time is terminated by the bridge, which loses nothing checkpointed.
import * as Comlink from 'comlink';
import type { CompileApi } from '../../workers/compile.worker';
import { createWorkerBridge } from '../backends/worker-bridge';
import type { CompileClient } from '../state/compile';

export function compileWorkerClient(): CompileClient {
  const bridge = createWorkerBridge<CompileApi>({
    name: 'compile',
    spawn: () => new Worker(new URL('../../workers/compile.worker.ts', import.meta.url), { type: 'module', name: 'compile' }),
  });
  return {
    status: (setId) => bridge.call((api) => api.status(setId)),
    inspect: (setId, hub, options, signal) => bridge.call((api) => api.inspect(setId, hub, options), signal),
    compile: (setId, hub, options, onProgress, signal) => bridge.call((api) => api.compile(setId, hub, options, Comlink.proxy(onProgress)), signal),
    discard: (setId) => bridge.call((api) => api.discard(setId)),
    remove: (setId) => bridge.call((api) => api.remove(setId)),
  };
}
