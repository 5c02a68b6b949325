// Text-to-image worker (SDXL Turbo): owns the text encoders, UNet and VAE decoder sessions.
import * as Comlink from 'comlink';
import { textToImage } from '../src/pipeline/text-to-image/run';
import type { ProgressFn } from '../src/leaf/progress';
import { jobApi } from '../src/leaf/jobs';
import type { Capabilities } from '../src/runtime/capabilities';
import { createStageWorkerState } from './stage-worker';

export type TextToImageArgs = Parameters<typeof textToImage>[1];

const state = createStageWorkerState();

const api = jobApi({
  init: (_signal: AbortSignal, setId: string, caps: Capabilities, onLost?: (reason: string) => void) => state.init(setId, caps, onLost),
  run: (signal: AbortSignal, args: TextToImageArgs, onProgress?: ProgressFn) =>
    state.enqueue((ctx) => textToImage(ctx, args), onProgress, signal),
  destroyDeviceForTest: (_signal: AbortSignal) => state.destroyDeviceForTest(),
});

export type TextToImageApi = typeof api;

Comlink.expose(api);
