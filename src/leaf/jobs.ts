// One way to cancel: running jobs by key, one AbortController each. A worker keys them by call id (the
// worker bridge aborts exactly its own call), a zustand store by set id (pause stops that set's job and no
// other). Everything that used to keep its own map of controllers uses this.

export interface Jobs<K> {
  /** Runs `fn` with a signal of its own under `key`; `abort(key)` stops it. */
  run<T>(key: K, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Aborts the job under `key`, or every running job when no key is given. */
  abort(key?: K): void;
  /** Whether a job runs under `key`. */
  has(key: K): boolean;
  /** Resolves when the job under `key` (if any) has ended, however it ended. */
  settled(key: K): Promise<void>;
}

export function createJobs<K = string>(): Jobs<K> {
  const running = new Map<K, { controller: AbortController; done: Promise<unknown> }>();
  return {
    run(key, fn) {
      const controller = new AbortController();
      const job = (async () => fn(controller.signal))();
      const done = job
        .catch(() => undefined)
        .finally(() => {
          if (running.get(key)?.controller === controller) running.delete(key);
        });
      running.set(key, { controller, done });
      return job.finally(() => done);
    },
    abort(key) {
      for (const [k, j] of running) if (key === undefined || k === key) j.controller.abort();
    },
    has: (key) => running.has(key),
    settled: async (key) => void (await running.get(key)?.done),
  };
}

/** A call's id on a worker: the worker bridge numbers its calls and aborts one by its id. */
export type JobId = number;

// biome-ignore lint/suspicious/noExplicitAny: any argument list; the mapped types keep each method's own
type JobMethod = (signal: AbortSignal, ...args: any[]) => unknown;

/** What a worker exposes: each method takes the caller's job id first, plus abort(job?). */
export type JobApi<M> = {
  [K in keyof M]: M[K] extends (signal: AbortSignal, ...args: infer A) => infer R ? (job: JobId, ...args: A) => Promise<Awaited<R>> : never;
} & { abort(job?: JobId): void };

/**
 * A worker's API from methods that take a signal first: every call runs as a job of its own (keyed by the
 * job id its caller sends), so abort(job) stops that call only and abort() stops them all. Write the
 * methods once; `type XApi = typeof api` and the page's client (src/backends/worker-client.ts) follow.
 */
export function jobApi<M extends Record<string, JobMethod>>(methods: M): JobApi<M> {
  const jobs = createJobs<JobId>();
  const api: Record<string, unknown> = { abort: (job?: JobId) => jobs.abort(job) };
  for (const [name, fn] of Object.entries(methods)) {
    api[name] = (job: JobId, ...args: unknown[]) => jobs.run(job, async (signal) => fn(signal, ...args));
  }
  return api as JobApi<M>;
}

/** A caller's view of job methods: the same arguments, the signal last and optional. */
export type JobClient<M> = {
  [K in keyof M]: M[K] extends (signal: AbortSignal, ...args: infer A) => infer R
    ? (...args: [...A, signal?: AbortSignal]) => Promise<Awaited<R>>
    : never;
};

/** Splits a client call's arguments into the method's and the trailing signal, when there is one. */
export function splitSignal(args: unknown[]): { args: unknown[]; signal?: AbortSignal } {
  const last = args.at(-1);
  return last instanceof AbortSignal ? { args: args.slice(0, -1), signal: last } : { args };
}

/** Job methods called in this thread (Node tests, a store with no worker in between). */
export function directClient<M extends Record<string, JobMethod>>(methods: M): JobClient<M> {
  const client: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(methods)) {
    client[name] = async (...all: unknown[]) => {
      const { args, signal } = splitSignal(all);
      return fn(signal ?? new AbortController().signal, ...args);
    };
  }
  return client as JobClient<M>;
}
