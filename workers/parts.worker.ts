// Parts worker (DINOv2 + PartCrafter DiT): image tokens, then rectified flow with CFG into part latents.
import * as Comlink from 'comlink';
import type { RgbaImage } from '../src/pipeline/image';
import { predictParts } from '../src/pipeline/parts/run';
import type { ProgressFn } from '../src/leaf/progress';
import { jobApi } from '../src/leaf/jobs';
import type { Capabilities } from '../src/runtime/capabilities';
import { createStageWorkerState } from './stage-worker';

export type PartsOptions = Parameters<typeof predictParts>[2];

const state = createStageWorkerState();

const api = jobApi({
  init: (_signal: AbortSignal, setId: string, caps: Capabilities, onLost?: (reason: string) => void) => state.init(setId, caps, onLost),
  run: (signal: AbortSignal, args: { image: RgbaImage; options: PartsOptions }, onProgress?: ProgressFn) =>
    state.enqueue((ctx) => predictParts(ctx, args.image, args.options), onProgress, signal),
  destroyDeviceForTest: (_signal: AbortSignal) => state.destroyDeviceForTest(),
});

export type PartsApi = typeof api;

Comlink.expose(api);
