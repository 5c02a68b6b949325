// Background worker (RMBG-1.4): mask, largest object, crop, white composite, square pad.
import * as Comlink from 'comlink';
import { cutout } from '../src/pipeline/background/run';
import type { RgbaImage } from '../src/pipeline/image';
import type { ProgressFn } from '../src/pipeline/progress';
import { createStageWorkerState } from './stage-worker';

const state = createStageWorkerState();

const api = {
  init: state.init,
  run: (args: { image: RgbaImage }, onProgress?: ProgressFn) => state.enqueue((ctx) => cutout(ctx, args.image), onProgress),
  abort: state.abort,
  release: state.release,
  destroyDeviceForTest: state.destroyDeviceForTest,
};

export type BackgroundApi = typeof api;

Comlink.expose(api);
