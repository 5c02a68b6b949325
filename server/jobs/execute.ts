// One job's run, shared by the in-process queue and the Redis worker: the app's run plan on this process's
// stage context, every progress event passed on in order, each picture stored before the event that
// names it, the cloud stored before the final `result` event, and the stages' own timings collected.
import type { StageTimings, WireRequest } from '../../src/backends/remote-wire';
import { encodeCloudBinary, encodeRgbaBinary } from '../../src/backends/remote-wire';
import { inProcessStages } from '../../src/backends/node-stages';
import { runPlan } from '../../src/backends/run-plan';
import type { StageContext } from '../../src/runtime/context';
import { toGenerateRequest } from '../request';
import type { JobSink } from './types';

export interface RunOutcome {
  points: number;
  timings: StageTimings;
  /** DiT steps run (a cancel must stop the loop early; tests check it). */
  partSteps: number;
}

export async function executeJob(ctx: StageContext, wire: WireRequest, signal: AbortSignal, sink: JobSink): Promise<RunOutcome> {
  const request = toGenerateRequest(wire);
  const timings: StageTimings = {};
  let partSteps = 0;
  // Callbacks from the stages are synchronous; one chain keeps the sink's writes in the order they happened.
  let chain: Promise<void> = Promise.resolve();
  const later = (f: () => Promise<void>) => void (chain = chain.then(f));
  // One context per set and one run at a time: the per-run fields are swapped in, as in the workers.
  ctx.signal = signal;
  ctx.onProgress = (e) => {
    if (e.status === 'done') timings[e.stage] = Math.round(e.ms * 10) / 10;
    if (e.status === 'progress' && e.stage === 'parts') partSteps = e.step;
    later(() => sink.emit('progress', e));
  };
  try {
    const cloud = await runPlan(request, inProcessStages(ctx), {
      signal,
      onImage: (kind, image) => {
        const bytes = encodeRgbaBinary(image);
        later(async () => {
          await sink.store(kind, bytes);
          await sink.emit('image', { kind, width: image.width, height: image.height });
        });
      },
    });
    await chain;
    await sink.store('cloud', encodeCloudBinary(cloud));
    await sink.emit('result', { points: cloud.partIds.length, parts: cloud.partNames.length, partNames: cloud.partNames, timings });
    return { points: cloud.partIds.length, timings, partSteps };
  } catch (e) {
    await chain.catch(() => undefined);
    throw Object.assign(e as object, { partSteps });
  } finally {
    ctx.onProgress = undefined;
    ctx.signal = undefined;
  }
}
