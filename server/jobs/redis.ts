// The API side of the scaled topology: jobs go to BullMQ on Redis, any worker process runs them, and any
// API process answers for any job from the records beside the queue (redis-keys.ts).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobEventName, WireRequest } from '../../src/backends/remote-wire';
import { AbortError } from '../../src/leaf/abort';
import { publicError, WorkerLostError } from '../errors';
import { CANCEL_CHANNEL, OPEN_JOB_TTL_S, QUEUE_NAME, appendEvent, appendFinal, connect, flatten, keys, unflatten } from './redis-keys';
import { QueueFullError, type JobQueue, type StoredEvent } from './types';

export interface RedisJobsOptions {
  url: string;
  capacity: number;
  resultTtlMs: number;
}

export interface WorkerStatus {
  name: string;
  pid: number;
  providers: string[];
  sets: { id: string; state: 'loading' | 'ready' | 'failed'; error?: string }[];
  busy: boolean;
  draining?: boolean;
}

export function createRedisJobs(o: RedisJobsOptions): JobQueue & { redis: Redis; workers(): Promise<WorkerStatus[]> } {
  const redis = connect(o.url);
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  const ttlS = Math.max(1, Math.round(o.resultTtlMs / 1000));
  // Blocking stream reads tie up a connection each; readers borrow one and give it back.
  const idle: Redis[] = [];
  const borrowed = new Set<Redis>();

  /** A job whose BullMQ record failed (stalled too often) or vanished without a final event gets one. */
  async function reconcile(id: string) {
    const info = unflatten(await redis.hgetall(keys.job(id)));
    if (!info || info.state === 'done' || info.state === 'failed' || info.state === 'cancelled') return;
    const job = await queue.getJob(id);
    const state = job ? await job.getState() : 'missing';
    if (state !== 'failed' && state !== 'missing') return;
    const reason = job?.failedReason || 'its record is gone';
    const error = publicError(new WorkerLostError(`The worker running this job stopped and the job could not be finished (${reason}).`));
    await appendFinal(redis, id, 'error', error, ttlS, { state: 'failed', finishedAt: Date.now(), error });
  }

  return {
    kind: 'redis',
    redis,
    async submit(request: WireRequest) {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
      if (counts.waiting + counts.prioritized + counts.delayed >= o.capacity) throw new QueueFullError(o.capacity);
      const id = crypto.randomUUID();
      await redis
        .multi()
        .hset(keys.job(id), flatten({ id, state: 'queued', createdAt: Date.now(), attempts: 0 }))
        .expire(keys.job(id), OPEN_JOB_TTL_S)
        .exec();
      await appendEvent(redis, id, 'queued', { ahead: counts.waiting + counts.prioritized + counts.active });
      await redis.expire(keys.events(id), OPEN_JOB_TTL_S);
      await queue.add('generate', { request }, { jobId: id, attempts: 1, removeOnComplete: { age: ttlS }, removeOnFail: { age: ttlS } });
      return id;
    },
    async info(id) {
      const info = unflatten(await redis.hgetall(keys.job(id)));
      if (info?.state !== 'queued') return info;
      const waiting = await queue.getWaiting();
      // The wait list is read newest first; the next to run is last.
      const i = waiting.findIndex((j) => j.id === id);
      return i >= 0 ? { ...info, position: waiting.length - 1 - i } : info;
    },
    async read(id, after, waitMs, signal) {
      const key = keys.events(id);
      const from = after ?? '0';
      const now = await redis.xrange(key, `(${from}`, '+').catch(() => redis.xrange(key, '-', '+'));
      if (now.length || waitMs <= 0) return toEvents(now);
      const conn = idle.pop() ?? redis.duplicate();
      borrowed.add(conn);
      const stop = () => conn.disconnect();
      signal?.addEventListener('abort', stop);
      try {
        const res = await conn.xread('BLOCK', waitMs, 'STREAMS', key, from === '0' ? '0-0' : from).catch(() => null);
        if (!res) {
          await reconcile(id);
          return [];
        }
        return toEvents(res[0][1]);
      } finally {
        signal?.removeEventListener('abort', stop);
        borrowed.delete(conn);
        if (conn.status === 'ready') idle.push(conn);
      }
    },
    async cancel(id) {
      const info = unflatten(await redis.hgetall(keys.job(id)));
      if (!info) return undefined;
      if (info.state !== 'queued' && info.state !== 'running') return this.info(id);
      await redis.set(keys.cancel(id), '1', 'EX', OPEN_JOB_TTL_S);
      const job = await queue.getJob(id);
      // A job no worker holds is taken off the queue here; a running one is stopped by its worker.
      const removed = job
        ? await job.remove().then(
            () => true,
            () => false,
          )
        : true;
      if (removed) {
        const error = publicError(new AbortError());
        await appendFinal(redis, id, 'error', error, ttlS, { state: 'cancelled', finishedAt: Date.now(), error });
      } else {
        await redis.publish(CANCEL_CHANNEL, id);
        for (let i = 0; i < 200; i++) {
          if (await redis.exists(keys.final(id))) break;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      return this.info(id);
    },
    async part(id, part) {
      const b = await redis.getBuffer(keys.part(id, part));
      return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : undefined;
    },
    async depth() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active');
      return { queued: c.waiting + c.prioritized, running: c.active };
    },
    async workers() {
      const names = await redis.keys(keys.worker('*'));
      const values = names.length ? await redis.mget(names) : [];
      return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as WorkerStatus);
    },
    async close() {
      for (const c of [...idle, ...borrowed]) c.disconnect();
      await queue.close();
      redis.disconnect();
    },
  };
}

function toEvents(entries: [string, string[]][]): StoredEvent[] {
  return entries.map(([id, fields]) => {
    const f: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
    return { id, event: f.e as JobEventName, data: JSON.parse(f.d) };
  });
}
