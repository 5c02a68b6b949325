// Geometry worker (TripoSG VAE): occupancy queries, marching cubes, surface sampling into a point cloud.
import * as Comlink from 'comlink';
import { extractPointCloud } from '../src/pipeline/geometry/run';
import type { ProgressFn } from '../src/leaf/progress';
import { jobApi } from '../src/leaf/jobs';
import type { Capabilities } from '../src/runtime/capabilities';
import { createStageWorkerState } from './stage-worker';

export type PartLatentsIn = Parameters<typeof extractPointCloud>[1];
export type GeometryOptions = Parameters<typeof extractPointCloud>[2];

const state = createStageWorkerState();

const api = jobApi({
  init: (_signal: AbortSignal, setId: string, caps: Capabilities, onLost?: (reason: string) => void) => state.init(setId, caps, onLost),
  run: (signal: AbortSignal, args: { latents: PartLatentsIn; options: GeometryOptions }, onProgress?: ProgressFn) =>
    state.enqueue((ctx) => extractPointCloud(ctx, args.latents, args.options), onProgress, signal),
  destroyDeviceForTest: (_signal: AbortSignal) => state.destroyDeviceForTest(),
});

export type GeometryApi = typeof api;

Comlink.expose(api);
