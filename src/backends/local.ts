// The in-browser backend: one worker per model family, run strictly one after another. That sequencing
// is what serializes GPU use across workers (each worker serializes its own runs).
import * as Comlink from 'comlink';
import type { BackgroundApi } from '../../workers/background.worker';
import type { GeometryApi } from '../../workers/geometry.worker';
import type { PartsApi } from '../../workers/parts.worker';
import type { TextToImageApi } from '../../workers/text-to-image.worker';
import type { PointCloud } from '../pipeline/point-cloud';
import { checkAbort } from '../leaf/abort';
import type { JobId } from '../leaf/jobs';
import type { GenerateRequest } from '../pipeline/request';
import type { Capabilities } from '../runtime/capabilities';
import { DeviceLostError } from '../runtime/errors';
import { modelSetById } from '../../models/sets';
import { validateRequest } from '../pipeline/bounds';
import { queryBatchFor } from '../pipeline/geometry/query-batch';
import type { Backend, GenerateHandlers } from './backend';
import { runCandidates, runPlan, type StageRunners } from './run-plan';
import { transferablesOf } from '../leaf/transferables';
import { createWorkerBridge, type Abortable, type WorkerBridge, type WorkerLike } from './worker-bridge';

type Family = 'text-to-image' | 'background' | 'parts' | 'geometry';

// Literal `new URL(..., import.meta.url)` per worker: Vite only bundles workers it can see statically.
const SPAWN: Record<Family, () => WorkerLike> = {
  'text-to-image': () =>
    new Worker(new URL('../../workers/text-to-image.worker.ts', import.meta.url), { type: 'module', name: 'text-to-image' }),
  background: () => new Worker(new URL('../../workers/background.worker.ts', import.meta.url), { type: 'module', name: 'background' }),
  parts: () => new Worker(new URL('../../workers/parts.worker.ts', import.meta.url), { type: 'module', name: 'parts' }),
  geometry: () => new Worker(new URL('../../workers/geometry.worker.ts', import.meta.url), { type: 'module', name: 'geometry' }),
};

export interface LocalBackendOptions {
  /**
   * Terminate each stage's worker as soon as its result is in, freeing all its GPU memory (for devices
   * that cannot hold every model family at once). The next run respawns and reloads them.
   */
  unloadAfterStage?: boolean;
  /**
   * A worker's GPU device was lost. Every worker has been replaced by then (a run in flight fails with
   * DeviceLostError); the next run starts fresh ones, which create new devices and sessions.
   */
  onDeviceLost?: (error: DeviceLostError) => void;
}

export interface LocalBackend extends Backend {
  /** Test hook: destroys the GPU device of every live worker; resolves to how many had one. */
  destroyDevicesForTest(): Promise<number>;
}

/**
 * `caps` may be a getter: the capabilities carry the provider the user forced, which may change between
 * runs; each run initialises its workers with the current value (a worker rebuilds its sessions only when
 * that changed).
 */
export function createLocalBackend(capsOrGet: Capabilities | (() => Capabilities), options: LocalBackendOptions = {}): LocalBackend {
  const currentCaps = typeof capsOrGet === 'function' ? capsOrGet : () => capsOrGet;
  const bridge = <Api extends Abortable>(name: Family) => createWorkerBridge<Api>({ name, spawn: SPAWN[name] });
  const t2i = bridge<TextToImageApi>('text-to-image');
  const background = bridge<BackgroundApi>('background');
  const parts = bridge<PartsApi>('parts');
  const geometry = bridge<GeometryApi>('geometry');

  const bridges = [t2i, background, parts, geometry];
  // Sessions hold buffers of the lost device, and ORT cannot rebuild its backend in a realm: replace
  // every worker (each has its own device) so nothing stale survives into the next run.
  const onLost = Comlink.proxy((reason: string) => {
    const error = new DeviceLostError(reason);
    for (const b of bridges) b.terminate(error);
    options.onDeviceLost?.(error);
  });

  type StageApi = Abortable & {
    init(job: JobId, setId: string, caps: Capabilities, onLost?: (reason: string) => void): Promise<void>;
    destroyDeviceForTest(job: JobId): Promise<boolean>;
  };

  /** One stage on one worker: (re)initialise it for this set, then run; unload after when asked. */
  async function onWorker<Api extends StageApi, T>(
    b: WorkerBridge<Api>,
    setId: string,
    signal: AbortSignal,
    run: (api: Comlink.Remote<Api>, job: JobId) => Promise<T>,
  ): Promise<T> {
    const result = await b.call(async (api, job) => {
      await (api as unknown as StageApi).init(job, setId, currentCaps(), onLost);
      checkAbort(signal); // an abort during init found no run to cancel
      return run(api, job);
    }, signal);
    if (options.unloadAfterStage) b.terminate();
    return result;
  }

  async function generate(request: GenerateRequest, handlers: GenerateHandlers): Promise<PointCloud> {
    const { signal } = handlers;
    // One proxy for the whole run; every worker reports through it.
    const progress = Comlink.proxy(handlers.onProgress);
    const { setId } = request;
    const set = modelSetById(setId);
    validateRequest(set, request); // a clear error now, not a failure inside a stage
    const stages: StageRunners = {
      textToImage: (args) => onWorker(t2i, setId, signal, (api, job) => api.run(job, args, progress)),
      cutout: (image) =>
        onWorker(background, setId, signal, (api, job) => api.run(job, Comlink.transfer({ image }, [image.data.buffer]), progress)),
      parts: (image, options) =>
        onWorker(parts, setId, signal, (api, job) => api.run(job, Comlink.transfer({ image, options }, [image.data.buffer]), progress)),
      // Nothing on this side needs the latents again: hand them over.
      geometry: (latents, options) =>
        onWorker(geometry, setId, signal, (api, job) =>
          api.run(job, Comlink.transfer({ latents, options }, transferablesOf(latents)), progress),
        ),
    };
    return runPlan(request, stages, {
      signal,
      onImage: handlers.onImage,
      onLatents: handlers.onLatents,
      reuse: handlers.reuse,
      queryBatch: (tokens) => queryBatchFor(currentCaps(), set.dims, tokens, set.graphs.vaeQuery.preferCpu),
    });
  }

  return {
    name: 'local',
    reusesStages: true,
    generate,
    candidates: (request, count, handlers) => {
      const progress = Comlink.proxy(handlers.onProgress);
      return runCandidates(
        request,
        count,
        {
          textToImage: (args) => onWorker(t2i, request.setId, handlers.signal, (api, job) => api.run(job, args, progress)),
        },
        handlers,
      );
    },
    dispose() {
      for (const b of bridges) b.terminate();
    },
    async destroyDevicesForTest() {
      const live = bridges.filter((b) => b.alive);
      // The loss may replace the workers before their answer arrives: that rejection is the loss itself.
      const hits = await Promise.all(
        live.map((b) =>
          b
            .call((api, job) => (api as unknown as Comlink.Remote<StageApi>).destroyDeviceForTest(job))
            .then(Boolean, (e: Error) => e.name === 'DeviceLostError'),
        ),
      );
      return hits.filter(Boolean).length;
    },
  };
}
