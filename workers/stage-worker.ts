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
import { classifyError } from '../src/runtime/errors';
import { modelSetById } from '../models/sets/index';
import { fitDevice, type MeasuredCalls } from '../src/runtime/device-fit';
import { createWebRuntime } from '../src/runtime/ort-web';
import { warmUp } from '../src/runtime/warm-up';
import { opfsRoot } from '../src/runtime/stored-files';
import { storedVariants } from '../src/runtime/variants';
import { createWebContext, setAssetSource } from '../src/runtime/web-context';

export interface StageWorkerState {
  init(setId: string, caps: Capabilities): Promise<void>;
  /** Runs `fn` after every earlier run of this worker, with this run's signal and progress sink. */
  enqueue<R>(fn: (ctx: StageContext) => Promise<R>, onProgress?: ProgressFn, signal?: AbortSignal): Promise<R>;
}

export function createStageWorkerState(): StageWorkerState {
  let ctx: StageContext | undefined;
  let key = '';
  let measured: MeasuredCalls = {};
  let measuredFor = '';
  let chain: Promise<unknown> = Promise.resolve();

  return {
    async init(setId, caps) {
      // Which variants this device runs is read from OPFS at every init, so a float32 variant derived
      // since the last run is used by this one (and the sessions are rebuilt only when that changed).
      const set = modelSetById(setId);
      const root = await opfsRoot();
      // Measured where the cost model cannot tell the providers apart and measuring is cheap (warm-up.ts),
      // once per set and capabilities.
      const warmKey = `${setId}|${JSON.stringify(caps)}`;
      if (measuredFor !== warmKey) {
        measured = await warmUp(createWebRuntime({ threads: caps.threads }), set, caps, setAssetSource(set));
        measuredFor = warmKey;
      }
      const fit = fitDevice(set, caps, root ? await storedVariants(root, set) : {}, measured);
      const next = `${setId}|${JSON.stringify(caps)}|${JSON.stringify(fit.graphs)}`;
      if (ctx && key === next) return;
      await ctx?.graphs.release();
      ctx = createWebContext(setId, caps, { fit });
      key = next;
    },
    enqueue(fn, onProgress, signal = new AbortController().signal) {
      const run = chain.then(async () => {
        try {
          if (!ctx) throw new Error('This worker was not initialised: call init(setId, caps) first.');
          checkAbort(signal);
          // One context per worker, so per-run fields are swapped in; the chain makes that safe.
          ctx.signal = signal;
          // The comlink proxy returns a promise per call. Progress is fire-and-forget while the stage runs,
          // but the result travels on another port, so before it goes the last report is awaited: calls
          // on one port arrive in order, and the caller then has every event (its 'done' included).
          let last: unknown;
          ctx.onProgress = onProgress ? (e) => void (last = onProgress(e)) : undefined;
          const result = await fn(ctx);
          await Promise.resolve(last).catch(() => undefined);
          checkAbort(signal);
          return Comlink.transfer(result, transferablesOf(result));
        } catch (e) {
          throw signal.aborted ? new AbortError() : classifyError(e);
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
