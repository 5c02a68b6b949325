// A GPU worker of the scaled topology: takes one BullMQ job at a time, runs it with the same executeJob as
// the embedded queue, and writes its events, parts and final state to Redis. A worker killed mid-job
// stops renewing its lock; BullMQ's stalled check (in any other worker) puts the job back once, then
// fails it, and the job's first event after a restart says it was retried.
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { JobEventName, JobInfo, WireRequest } from '../../src/backends/remote-wire';
import type { ModelSet } from '../../models/model-set';
import type { StageContext } from '../../src/runtime/context';
import { AbortError } from '../../src/leaf/abort';
import { publicError, WorkerLostError } from '../errors';
import { executeJob } from './execute';
import type { JobHooks } from './memory';
import { CANCEL_CHANNEL, PRELOAD_CHANNEL, QUEUE_NAME, appendEvent, appendFinal, connect, flatten, keys } from './redis-keys';
import type { WorkerStatus } from './redis';

export interface RedisWorkerOptions extends JobHooks {
  url: string;
  sets: ReadonlyMap<string, { set: ModelSet; ctx: StageContext }>;
  resultTtlMs: number;
  /** Lock lease: a dead worker's job is noticed within about this long. */
  lockMs?: number;
  status: () => Omit<WorkerStatus, 'name' | 'pid' | 'busy'>;
  onPreload?: () => void;
}

export function startRedisWorker(o: RedisWorkerOptions) {
  const redis = connect(o.url);
  const sub = connect(o.url);
  const ttlS = Math.max(1, Math.round(o.resultTtlMs / 1000));
  const name = `${hostname()}-${process.pid}`;
  let running: { id: string; controller: AbortController } | undefined;
  let draining = false;

  void sub.subscribe(CANCEL_CHANNEL, PRELOAD_CHANNEL);
  sub.on('message', (channel, id) => {
    if (channel === PRELOAD_CHANNEL) o.onPreload?.();
    else if (running?.id === id) running.controller.abort();
  });

  async function beat() {
    const s: WorkerStatus = { name, pid: process.pid, busy: !!running, draining, ...o.status() };
    await redis.set(keys.worker(name), JSON.stringify(s), 'EX', 10).catch(() => undefined);
  }
  void beat();
  const beating = setInterval(() => void beat(), 3000);

  async function runJob(job: Job<{ request: WireRequest }>) {
    const id = job.id!;
    if (await redis.exists(keys.final(id))) return; // cancelled (or failed) before a worker took it
    const controller = new AbortController();
    running = { id, controller };
    void beat();
    const attempt = job.attemptsStarted || 1;
    const startedAt = Date.now();
    const createdAt = Number(await redis.hget(keys.job(id), 'createdAt')) || job.timestamp;
    await redis.hset(keys.job(id), flatten({ state: 'running', startedAt, attempts: attempt, timings: {} }));
    if (attempt > 1 || job.stalledCounter > 0) {
      await appendEvent(redis, id, 'retry', {
        message: 'The worker running this job stopped; another worker runs it again from the start.',
      });
    }
    await appendEvent(redis, id, 'started', { attempt, worker: name });
    o.onStart?.(id, { id, state: 'running', createdAt, startedAt, attempts: attempt, timings: {} });
    if (await redis.exists(keys.cancel(id))) controller.abort();
    const timings: JobInfo['timings'] = {};
    const sink = {
      emit: async (event: JobEventName, data: unknown) => {
        if (event === 'result') {
          await appendFinal(redis, id, 'result', data, ttlS, { state: 'done', finishedAt: Date.now(), timings });
          return;
        }
        if (event === 'progress' && (data as { status: string }).status === 'done') {
          const d = data as { stage: keyof JobInfo['timings']; ms: number };
          timings[d.stage] = Math.round(d.ms * 10) / 10;
          await redis.hset(keys.job(id), 'timings', JSON.stringify(timings));
        }
        await appendEvent(redis, id, event, data);
      },
      store: async (part: 'cloud' | 'image' | 'cutout', bytes: Uint8Array) => {
        await redis.set(keys.part(id, part), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', ttlS);
      },
    };
    const queuedMs = startedAt - createdAt;
    try {
      const outcome = await executeJob(o.sets.get(job.data.request.setId)!.ctx, job.data.request, controller.signal, sink);
      o.onSettled?.(id, 'done', { ...outcome, queuedMs, runMs: Date.now() - startedAt });
    } catch (e) {
      const cancelled = controller.signal.aborted;
      const error = publicError(cancelled ? new AbortError() : e);
      const state = cancelled ? 'cancelled' : 'failed';
      await appendFinal(redis, id, 'error', error, ttlS, { state, finishedAt: Date.now(), error });
      o.onSettled?.(id, state, { partSteps: (e as { partSteps?: number }).partSteps, queuedMs, runMs: Date.now() - startedAt });
    } finally {
      running = undefined;
      void beat();
    }
  }

  const lockDuration = o.lockMs ?? 30_000;
  const worker = new Worker(QUEUE_NAME, runJob, {
    connection: connect(o.url),
    concurrency: 1,
    lockDuration,
    stalledInterval: Math.max(1000, Math.round(lockDuration / 2)),
    // Put back once after a lost worker, then fail (the API process turns that into the job's error event).
    maxStalledCount: 1,
  });
  // A job the stalled check failed: this process writes its ending when it noticed (the API also would).
  worker.on('failed', (job, err) => {
    if (!job?.id) return;
    const error = publicError(new WorkerLostError(`The worker running this job stopped twice; the job is failed (${err.message}).`));
    void appendFinal(redis, job.id, 'error', error, ttlS, { state: 'failed', finishedAt: Date.now(), error });
  });
  worker.on('error', () => undefined);

  return {
    name,
    worker,
    busy: () => !!running,
    /** Stop taking jobs; finish the running one (BullMQ's close waits for it), then let go of Redis. */
    async close(force = false) {
      draining = true;
      await beat();
      await worker.close(force);
      clearInterval(beating);
      await redis.del(keys.worker(name));
      sub.disconnect();
      redis.disconnect();
    },
  };
}
