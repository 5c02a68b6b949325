// The in-browser backend: one worker per model family, run strictly one after another. That sequencing
// is what serializes GPU use across workers (each worker serializes its own runs).
import * as Comlink from 'comlink';
import type { BackgroundApi } from '../../workers/background.worker';
import type { GeometryApi } from '../../workers/geometry.worker';
import type { PartsApi } from '../../workers/parts.worker';
import type { TextToImageApi } from '../../workers/text-to-image.worker';
import type { RgbaImage } from '../pipeline/image';
import type { PointCloud } from '../pipeline/point-cloud';
import { checkAbort } from '../pipeline/progress';
import type { GenerateRequest } from '../pipeline/request';
import type { Capabilities } from '../runtime/capabilities';
import { modelSetById } from '../../models/sets';
import { queryBatchFor } from '../pipeline/geometry/query-batch';
import type { Backend, GenerateHandlers } from './backend';
import { transferablesOf } from './transferables';
import { createWorkerBridge, type WorkerBridge, type WorkerLike } from './worker-bridge';

type Family = 'text-to-image' | 'background' | 'parts' | 'geometry';

// Literal `new URL(..., import.meta.url)` per worker: Vite only bundles workers it can see statically.
const SPAWN: Record<Family, () => WorkerLike> = {
  'text-to-image': () =>
    new Worker(new URL('../../workers/text-to-image.worker.ts', import.meta.url), { type: 'module', name: 'text-to-image' }),
  background: () =>
    new Worker(new URL('../../workers/background.worker.ts', import.meta.url), { type: 'module', name: 'background' }),
  parts: () => new Worker(new URL('../../workers/parts.worker.ts', import.meta.url), { type: 'module', name: 'parts' }),
  geometry: () =>
    new Worker(new URL('../../workers/geometry.worker.ts', import.meta.url), { type: 'module', name: 'geometry' }),
};

export interface LocalBackendOptions {
  /** How long a cancelled stage may take to stop before its worker is terminated. */
  abortGraceMs?: number;
  /**
   * Terminate each stage's worker as soon as its result is in, freeing all its GPU memory (for devices
   * that cannot hold every model family at once). The next run respawns and reloads them.
   */
  unloadAfterStage?: boolean;
}

/** The pixels are copied into the worker (the UI keeps showing its own image card). */
function copyImage(image: RgbaImage): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
}

export function createLocalBackend(caps: Capabilities, options: LocalBackendOptions = {}): Backend {
  const bridge = <Api extends { abort(): unknown }>(name: Family) =>
    createWorkerBridge<Api>({ name, spawn: SPAWN[name], abortGraceMs: options.abortGraceMs });
  const t2i = bridge<TextToImageApi>('text-to-image');
  const background = bridge<BackgroundApi>('background');
  const parts = bridge<PartsApi>('parts');
  const geometry = bridge<GeometryApi>('geometry');

  type StageApi = { abort(): unknown; init(setId: string, caps: Capabilities): Promise<void> };

  /** One stage on one worker: (re)initialise it for this set, then run; unload after when asked. */
  async function onWorker<Api extends StageApi, T>(
    b: WorkerBridge<Api>,
    setId: string,
    signal: AbortSignal,
    run: (api: Comlink.Remote<Api>) => Promise<T>,
  ): Promise<T> {
    const result = await b.call(async (api) => {
      await (api as unknown as StageApi).init(setId, caps);
      checkAbort(signal); // an abort during init found no run to cancel
      return run(api);
    }, signal);
    if (options.unloadAfterStage) b.terminate();
    return result;
  }

  async function generate(request: GenerateRequest, handlers: GenerateHandlers): Promise<PointCloud> {
    const { signal, onImage } = handlers;
    checkAbort(signal);
    // One proxy for the whole run; every worker reports through it.
    const progress = Comlink.proxy(handlers.onProgress);
    const { setId, seed } = request;

    let image = request.image;
    if (!image) {
      const args = { prompt: request.prompt, seed, steps: request.imageSteps };
      image = await onWorker(t2i, setId, signal, (api) => api.run(args, progress));
    }
    onImage('image', image);

    const input = copyImage(image);
    const cut = await onWorker(background, setId, signal, (api) =>
      api.run(Comlink.transfer({ image: input }, [input.data.buffer]), progress),
    );
    onImage('cutout', cut.image);

    const partsInput = copyImage(cut.image);
    const partOpts = {
      numParts: request.numParts,
      tokensPerPart: request.tokensPerPart,
      steps: request.partSteps,
      guidance: request.guidance,
      seed,
    };
    const latents = await onWorker(parts, setId, signal, (api) =>
      api.run(Comlink.transfer({ image: partsInput, options: partOpts }, [partsInput.data.buffer]), progress),
    );

    const set = modelSetById(setId);
    const geoOpts = {
      gridResolution: request.gridResolution,
      pointCount: request.pointCount,
      seed,
      queryBatch: queryBatchFor(caps, set.dims, request.tokensPerPart, set.graphs.vaeQuery.preferCpu),
    };
    // Nothing on this side needs the latents again: hand them over.
    const result = await onWorker(geometry, setId, signal, (api) =>
      api.run(Comlink.transfer({ latents, options: geoOpts }, transferablesOf(latents)), progress),
    );
    checkAbort(signal);
    return result.cloud;
  }

  return {
    name: 'local',
    generate,
    dispose() {
      for (const b of [t2i, background, parts, geometry]) b.terminate();
    },
  };
}
