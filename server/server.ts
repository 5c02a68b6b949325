// Wires one API process: the job queue (in-process, or Redis when REDIS_URL is set), keys and rate limit,
// readiness, logs and metrics, and the HTTP app. main.ts serves it; tests build it in-process too.
import type { ModelSet } from '../models/model-set';
import type { StageContext } from '../src/runtime/context';
import { declaredSets, loadSets, type ServerConfig } from './config';
import { createServerApp, type HealthReport } from './http/app';
import { keyChecker, memoryRateLimiter, redisRateLimiter, type RateLimiter } from './http/guard';
import { createMemoryJobs } from './jobs/memory';
import { createRedisJobs } from './jobs/redis';
import { PRELOAD_CHANNEL } from './jobs/redis-keys';
import type { JobQueue } from './jobs/types';
import { createLogger, createMetrics } from './observe';
import { createPreloader } from './preload';

export interface LumenServerOptions {
  /** Sets with their contexts (tests pass instrumented ones); default: from the config. */
  sets?: Map<string, { set: ModelSet; ctx: StageContext }>;
  onSettled?: (id: string, state: string, partSteps?: number) => void;
}

interface Topology {
  jobs: JobQueue;
  sets: Map<string, ModelSet>;
  limiter: RateLimiter;
  health: () => Promise<HealthReport>;
  models: () => unknown;
  preload: () => Promise<void> | void;
  drain: () => Promise<void>;
}

export function createLumenServer(config: ServerConfig, opts: LumenServerOptions = {}) {
  const log = createLogger('api');
  const shutdown = new AbortController();
  const endStreams = new AbortController();
  const openStreams = new Set<Promise<unknown>>();
  let t: Topology | undefined;
  const metrics = createMetrics(() => t!.jobs.depth());
  t = config.redisUrl ? scaled(config, metrics) : embedded(config, opts, metrics, log);
  const app = createServerApp({
    jobs: t.jobs,
    sets: t.sets,
    bounds: config.bounds,
    limiter: t.limiter,
    bodyLimitBytes: config.bodyLimitBytes,
    heartbeatMs: config.heartbeatMs,
    shutdown: shutdown.signal,
    endStreams: endStreams.signal,
    openStreams,
    retryAfterS: 10,
    checkKey: config.keys && keyChecker(config.keys),
    origins: config.origins,
    health: t.health,
    metrics,
    log,
    models: t.models,
    preload: t.preload,
  });
  const topology = t;
  return {
    app,
    jobs: t.jobs,
    log,
    /** Stop accepting, let the running job finish (or hand it back), tell streams, close the queue. */
    async close() {
      shutdown.abort();
      await topology.drain();
      endStreams.abort();
      // Streams write their last words before the queue's connections go (and before the process closes
      // every connection): wait for each open stream to end, a fixed pause lost that race under load.
      await Promise.race([Promise.allSettled([...openStreams]), new Promise((r) => setTimeout(r, 5000))]);
      await new Promise((r) => setTimeout(r, 50));
      await topology.jobs.close();
    },
  };
}

function embedded(
  config: ServerConfig,
  opts: LumenServerOptions,
  metrics: ReturnType<typeof createMetrics>,
  log: ReturnType<typeof createLogger>,
): Topology {
  const sets = opts.sets ?? loadSets(config);
  const preloader = createPreloader(sets, (s) => {
    log.info({ set: s.id, state: s.state, ms: s.ms, providers: s.providers, error: s.error }, 'model set loaded');
    metrics.providers(preloader.providers());
  });
  const jobs = createMemoryJobs({
    sets,
    capacity: config.queueCap,
    resultTtlMs: config.resultTtlMs,
    onStart: (id, info) => log.info({ job: id, waitedMs: info.startedAt! - info.createdAt }, 'job started'),
    onSettled: (id, state, run) => {
      log.info({ job: id, state, timings: run.timings, queuedMs: run.queuedMs, runMs: run.runMs }, 'job settled');
      metrics.settled(state, run.timings, run.runMs !== undefined ? run.queuedMs : undefined);
      opts.onSettled?.(id, state, run.partSteps);
    },
  });
  void preloader.start();
  const label = (id: string) => sets.get(id)!.set.label;
  return {
    jobs,
    sets: new Map([...sets].map(([k, v]) => [k, v.set])),
    limiter: memoryRateLimiter(config.ratePerMinute),
    async health() {
      const loading = preloader.status().filter((s) => s.state !== 'ready');
      return {
        mode: 'embedded',
        providers: preloader.providers(),
        sets: preloader.status().map((s) => ({ id: s.id, label: label(s.id), state: s.state, error: s.error })),
        queue: { ...(await jobs.depth()), capacity: config.queueCap },
        ready: !loading.length,
        reason: loading.length ? loading.map((s) => `set ${s.id} is ${s.state}${s.error ? `: ${s.error}` : ''}`).join('; ') : undefined,
      };
    },
    models: () => ({ sets: preloader.status().map((s) => ({ ...s, label: label(s.id) })) }),
    preload: () => void preloader.start(),
    drain: () => jobs.shutdown(config.drainMs),
  };
}

function scaled(config: ServerConfig & { redisUrl?: string }, metrics: ReturnType<typeof createMetrics>): Topology {
  const jobs = createRedisJobs({ url: config.redisUrl!, capacity: config.queueCap, resultTtlMs: config.resultTtlMs });
  const sets = declaredSets(config);
  return {
    jobs,
    sets,
    limiter: redisRateLimiter(jobs.redis, config.ratePerMinute),
    async health() {
      const [q, workers] = await Promise.all([jobs.depth(), jobs.workers()]);
      const live = workers.filter((w) => !w.draining);
      const ready = live.filter((w) => w.sets.every((s) => s.state === 'ready'));
      const providers = [...new Set(live.flatMap((w) => w.providers))];
      metrics.providers(providers);
      return {
        mode: 'redis',
        providers,
        sets: [...sets.values()].map((s) => ({
          id: s.id,
          label: s.label,
          state: ready.some((w) => w.sets.some((x) => x.id === s.id)) ? 'ready' : 'loading',
        })),
        queue: { ...q, capacity: config.queueCap },
        workers: live.length,
        ready: ready.length > 0,
        reason: ready.length ? undefined : live.length ? 'no worker has its model sets loaded yet' : 'no GPU worker is connected',
      };
    },
    models: async () => ({ sets: [...sets.values()].map((s) => ({ id: s.id, label: s.label })), workers: await jobs.workers() }),
    preload: async () => void (await jobs.redis.publish(PRELOAD_CHANNEL, 'all')),
    // Jobs live in Redis: workers run them and any other API process streams them.
    drain: async () => undefined,
  };
}
