// A worker's page-side client, derived from the worker module's own API type (squoosh's worker-bridge
// does the same: the API is written once, in the worker). Each method keeps its arguments, drops the job
// id the bridge supplies and takes an optional AbortSignal last; function arguments (progress sinks) cross
// as comlink proxies. Abort stops that call only (the bridge sends its job id to the worker's abort).
import * as Comlink from 'comlink';
import { splitSignal, type JobId } from '../leaf/jobs';
import type { WorkerBridge } from './worker-bridge';

export type WorkerClient<Api> = {
  [K in Exclude<keyof Api, 'abort'>]: Api[K] extends (job: JobId, ...args: infer A) => Promise<infer R>
    ? (...args: [...A, signal?: AbortSignal]) => Promise<R>
    : never;
};

type Methods = Record<string, (job: JobId, ...args: unknown[]) => Promise<unknown>>;

export function workerClient<Api extends { abort(job?: JobId): unknown }>(bridge: WorkerBridge<Api>): WorkerClient<Api> {
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const method =
    (name: string) =>
    (...all: unknown[]) => {
      const { args, signal } = splitSignal(all);
      const wire = args.map((a) => (typeof a === 'function' ? Comlink.proxy(a) : a));
      return bridge.call((api, job) => (api as unknown as Methods)[name](job, ...wire), signal);
    };
  // A Proxy, since the method names are the worker's; `then` stays undefined so a client is never
  // mistaken for a promise.
  return new Proxy({} as WorkerClient<Api>, {
    get(_, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      if (!methods.has(name)) methods.set(name, method(name));
      return methods.get(name);
    },
  });
}
