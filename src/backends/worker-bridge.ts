// Lazily spawns one worker and wraps it with comlink (squoosh's worker-bridge pattern,
// src/client/lazy-app/worker-bridge in GoogleChromeLabs/squoosh). Each call has a job id; abort is
// cooperative first (api.abort(job): the worker stops that call between steps); a call that has not settled
// shortly after means a kernel cannot be interrupted, so the worker is terminated and respawned on next use.
import * as Comlink from 'comlink';
import { AbortError } from '../leaf/abort';
import type { JobId } from '../leaf/jobs';
import { WorkerCrashError } from '../runtime/errors';

/** What the bridge needs of a worker: a comlink endpoint it can kill (a Worker, or a port in tests). */
export type WorkerLike = Comlink.Endpoint & { terminate(): void };

export interface Abortable {
  /** Stops the call with this job id (every call when none is given). */
  abort(job?: JobId): unknown;
}

export interface WorkerBridgeOptions {
  /** For messages ("the parts worker crashed"). */
  name: string;
  spawn: () => WorkerLike;
  /** How long a cooperative abort may take before the worker is terminated. */
  abortGraceMs?: number;
}

export interface WorkerBridge<Api extends Abortable> {
  /** Runs `fn` against the worker's API with this call's job id; rejects with AbortError when `signal` aborts. */
  call<T>(fn: (api: Comlink.Remote<Api>, job: JobId) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Whether a worker is alive now (a terminated one respawns on next call). */
  readonly alive: boolean;
  /** Frees the worker and everything it holds (its GPU memory included); pending calls reject with `reason`. */
  terminate(reason?: Error): void;
}

export function createWorkerBridge<Api extends Abortable>(options: WorkerBridgeOptions): WorkerBridge<Api> {
  const grace = options.abortGraceMs ?? 1500;
  let worker: WorkerLike | undefined;
  let remote: Comlink.Remote<Api> | undefined;
  // Pending calls' rejecters, so a crash or terminate never leaves a caller waiting forever.
  const pending = new Set<(e: Error) => void>();
  let lastJob = 0;

  function terminate(reason?: Error): void {
    if (!worker) return;
    const w = worker;
    worker = undefined;
    remote = undefined;
    w.terminate();
    for (const reject of [...pending]) reject(reason ?? new AbortError());
  }

  function api(): Comlink.Remote<Api> {
    if (remote) return remote;
    const w = options.spawn();
    // An error event means the worker script itself failed (import error, uncaught throw): no call
    // on it will ever settle.
    w.addEventListener('error', (ev) => {
      if (worker !== w) return;
      const msg = (ev as ErrorEvent).message || 'the worker script failed to load or threw';
      terminate(new WorkerCrashError(options.name, msg));
    });
    worker = w;
    remote = Comlink.wrap<Api>(w);
    return remote;
  }

  function call<T>(fn: (api: Comlink.Remote<Api>, job: JobId) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    const job = ++lastJob;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const owner = api();
      const ownerWorker = worker;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        pending.delete(rejectNow);
        f();
      };
      const rejectNow = (e: Error) => finish(() => reject(e));
      const onAbort = () => {
        // Ask nicely; a lost message (worker busy or dead) is covered by the timer.
        Promise.resolve(owner.abort(job)).catch(() => undefined);
        timer = setTimeout(() => {
          if (settled) return;
          if (worker === ownerWorker) terminate(new AbortError());
          rejectNow(new AbortError());
        }, grace);
      };
      pending.add(rejectNow);
      signal?.addEventListener('abort', onAbort, { once: true });
      fn(owner, job).then(
        (value) => finish(() => (signal?.aborted ? reject(new AbortError()) : resolve(value))),
        (e: unknown) => finish(() => reject(signal?.aborted ? new AbortError() : e)),
      );
    });
  }

  return {
    call,
    get alive() {
      return worker !== undefined;
    },
    terminate: (reason?: Error) => terminate(reason),
  };
}
