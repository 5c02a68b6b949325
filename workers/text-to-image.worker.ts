// Text-to-image worker (SDXL Turbo): owns the text encoders, UNet and VAE decoder sessions.
import * as Comlink from 'comlink';
import { textToImage } from '../src/pipeline/text-to-image/run';
import type { ProgressFn } from '../src/pipeline/progress';
import { createStageWorkerState } from './stage-worker';

export type TextToImageArgs = Parameters<typeof textToImage>[1];

const state = createStageWorkerState();

const api = {
  init: state.init,
  run: (args: TextToImageArgs, onProgress?: ProgressFn) => state.enqueue((ctx) => textToImage(ctx, args), onProgress),
  abort: state.abort,
  release: state.release,
  destroyDeviceForTest: state.destroyDeviceForTest,
};

export type TextToImageApi = typeof api;

Comlink.expose(api);
