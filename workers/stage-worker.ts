// What every stage worker shares: one StageContext per model set (so its ORT sessions stay warm between
// runs), one promise chain so runs never overlap on the device (ORT web cannot run two sessions of one
// device at once; transformers.js chains them the same way in src/backends/onnx.js), cooperative abort
// through each call's own signal (src/leaf/jobs.ts), and results handed back by transfer, never by copy.
import * as Comlink from 'comlink';
import type { StageContext } from '../src/runtime/context';
import { transferablesOf } from '../src/leaf/transferables';
import { AbortError, checkAbort } from '../src/leaf/abort';
import type { ProgressFn } from '../src/leaf/progress';
import type { Capabilities } from '../src/runtime/capabilities';
import { classifyError, DeviceLostError } from '../src/runtime/errors';
import { modelSetById } from '../models/sets/index';
import { fitDevice, type MeasuredCalls } from '../src/runtime/device-fit';
import { createWebRuntime, ortWebGpuDevice } from '../src/runtime/ort-web';
import { warmUp } from '../src/runtime/warm-up';
import { opfsRoot } from '../src/runtime/stored-files';
import { storedVariants } from '../src/runtime/variants';
import { createWebContext, setAssetSource } from '../src/runtime/web-context';

export interface StageWorkerState {
  /** `onLost` hears (through a comlink proxy) when this worker's GPU device is lost. */
  init(setId: string, caps: Capabilities, onLost?: (reason: string) => void): Promise<void>;
  /** Runs `fn` after every earlier run of this worker, with this run's signal and progress sink. */
  enqueue<R>(fn: (ctx: StageContext) => Promise<R>, onProgress?: ProgressFn, signal?: AbortSignal): Promise<R>;
  /** Test hook: destroys this worker's WebGPU device, as a driver reset would lose it. */
  destroyDeviceForTest(): Promise<boolean>;
}

export function createStageWorkerState(): StageWorkerState {
  let ctx: StageContext | undefined;
  let key = '';
  let measured: MeasuredCalls = {};
  let measuredFor = '';
  let chain: Promise<unknown> = Promise.resolve();
  // GPUDevice.lost: ORT cannot rebuild its WebGPU backend inside a realm, so after a loss every run here
  // fails at once with DeviceLostError and the page replaces this worker (src/backends/local.ts).
  let usesGpu = false;
  let watched: Promise<GPUDevice | undefined> | undefined;
  /** Resolves with the reason once the watched device is lost. */
  let whenLost: Promise<string> | undefined;
  let lost: string | undefined;
  let notifyLost: ((reason: string) => void) | undefined;
  const watchDevice = () => {
    if (watched || !usesGpu) return;
    watched = ortWebGpuDevice();
    whenLost = watched
      .then((device) => (device ? device.lost : new Promise<never>(() => undefined)))
      .then((info) => {
        lost = info.message || info.reason || 'no reason given';
        void Promise.resolve(notifyLost?.(lost)).catch(() => undefined);
        return lost;
      });
    whenLost.catch(() => undefined);
  };

  return {
    async init(setId, caps, onLost) {
      notifyLost = onLost;
      // Which variants this device runs is read from OPFS at every init, so a float32 variant derived
      // since the last run is used by this one (and the sessions are rebuilt only when that changed).
      const set = modelSetById(setId);
      const root = await opfsRoot();
      // Measured where the cost model cannot tell the providers apart and measuring is cheap (warm-up.ts),
      // once per set and capabilities.
      const warmKey = `${setId}|${JSON.stringify(caps)}`;
      if (measuredFor !== warmKey) {
        measured = await warmUp(createWebRuntime({ threads: caps.threads, jspi: caps.jspi }), set, caps, setAssetSource(set));
        measuredFor = warmKey;
      }
      const fit = fitDevice(set, caps, root ? await storedVariants(root, set) : {}, measured);
      const next = `${setId}|${JSON.stringify(caps)}|${JSON.stringify(fit.graphs)}`;
      if (ctx && key === next) return;
      await ctx?.graphs.release();
      ctx = createWebContext(setId, caps, { fit });
      // Watch the device only in a worker that has a WebGPU session: asking ORT for its device in one
      // without would make it create a device for nothing.
      const graphs = ctx.graphs;
      ctx.graphs = {
        ...graphs,
        get: async (k) => {
          const session = await graphs.get(k);
          if (session.provider === 'webgpu') usesGpu = true;
          return session;
        },
      };
      key = next;
    },
    enqueue(fn, onProgress, signal = new AbortController().signal) {
      const run = chain.then(async () => {
        try {
          if (!ctx) throw new Error('This worker was not initialised: call init(setId, caps) first.');
          if (lost) throw new DeviceLostError(lost);
          checkAbort(signal);
          // One context per worker, so per-run fields are swapped in; the chain makes that safe.
          ctx.signal = signal;
          // The comlink proxy returns a promise per call. Progress is fire-and-forget while the stage runs,
          // but the result travels on another port, so before it goes the last report is awaited: calls
          // on one port arrive in order, and the caller then has every event (its 'done' included).
          let last: unknown;
          ctx.onProgress = onProgress ? (e) => void (last = onProgress(e)) : undefined;
          const result = await fn(ctx);
          // The stage's sessions exist now, so ORT's device can be watched without creating one.
          watchDevice();
          await Promise.resolve(last).catch(() => undefined);
          checkAbort(signal);
          return Comlink.transfer(result, transferablesOf(result));
        } catch (e) {
          if (signal.aborted) throw new AbortError();
          // ORT's own error (a failed buffer map, say) can arrive just before the device says it was lost.
          const reason = whenLost && (await Promise.race([whenLost, new Promise<undefined>((r) => setTimeout(r, 250))]));
          throw reason ? new DeviceLostError(reason) : classifyError(e);
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async destroyDeviceForTest() {
      const device = await watched;
      device?.destroy();
      return Boolean(device);
    },
  };
}
