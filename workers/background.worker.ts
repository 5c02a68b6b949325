// Background worker (RMBG-1.4): mask, largest object, crop, white composite, square pad.
import * as Comlink from 'comlink';
import { cutout } from '../src/pipeline/background/run';
import type { RgbaImage } from '../src/pipeline/image';
import type { ProgressFn } from '../src/leaf/progress';
import { jobApi } from '../src/leaf/jobs';
import type { Capabilities } from '../src/runtime/capabilities';
import { createStageWorkerState } from './stage-worker';

const state = createStageWorkerState();

const api = jobApi({
  init: (_signal: AbortSignal, setId: string, caps: Capabilities, onLost?: (reason: string) => void) => state.init(setId, caps, onLost),
  run: (signal: AbortSignal, args: { image: RgbaImage }, onProgress?: ProgressFn) =>
    state.enqueue((ctx) => cutout(ctx, args.image), onProgress, signal),
  destroyDeviceForTest: (_signal: AbortSignal) => state.destroyDeviceForTest(),
});

export type BackgroundApi = typeof api;

Comlink.expose(api);
