// Redis layout of the scaled topology, shared by API and worker processes. BullMQ owns the queue itself;
// beside it each job has a hash (our state, timings, error), a stream of its events (stream ids are the
// SSE ids, so any API process can resume a Last-Event-ID), result parts as binary strings, and a
// "final" marker so exactly one process writes a job's final event. All of it expires after the TTL.
import { Redis } from 'ioredis';
import type { JobEventName, JobInfo } from '../../src/backends/remote-wire';
import type { ResultPart } from './types';

export const QUEUE_NAME = 'lumen-jobs';
export const CANCEL_CHANNEL = 'lumen:cancel';
export const PRELOAD_CHANNEL = 'lumen:preload';

export const keys = {
  job: (id: string) => `lumen:job:${id}`,
  events: (id: string) => `lumen:events:${id}`,
  part: (id: string, part: ResultPart) => `lumen:part:${id}:${part}`,
  final: (id: string) => `lumen:final:${id}`,
  cancel: (id: string) => `lumen:cancelled:${id}`,
  worker: (name: string) => `lumen:worker:${name}`,
  rate: (key: string, window: number) => `lumen:rate:${key}:${window}`,
};

/** Jobs not yet finished keep their records this long (a queue that waits hours is already broken). */
export const OPEN_JOB_TTL_S = 24 * 3600;

export function connect(url: string): Redis {
  // BullMQ's blocking calls need maxRetriesPerRequest null; our own calls share the setting.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export async function appendEvent(redis: Redis, id: string, event: JobEventName, data: unknown): Promise<string> {
  return (await redis.xadd(keys.events(id), '*', 'e', event, 'd', JSON.stringify(data))) as string;
}

/**
 * Appends a final event unless one was written: the worker finishing, a cancel, and the stall reconciler
 * may race, and a client must hear exactly one ending.
 */
export async function appendFinal(
  redis: Redis,
  id: string,
  event: 'result' | 'error',
  data: unknown,
  ttlS: number,
  patch: Partial<JobInfo>,
): Promise<boolean> {
  const won = await redis.set(keys.final(id), event, 'EX', ttlS, 'NX');
  if (!won) return false;
  await redis.hset(keys.job(id), flatten(patch));
  await appendEvent(redis, id, event, data);
  await expireJob(redis, id, ttlS);
  return true;
}

export async function expireJob(redis: Redis, id: string, ttlS: number) {
  const m = redis.multi().expire(keys.job(id), ttlS).expire(keys.events(id), ttlS);
  for (const p of ['cloud', 'image', 'cutout'] as const) m.expire(keys.part(id, p), ttlS);
  await m.exec();
}

/** JobInfo fields as hash fields (objects as JSON). */
export function flatten(patch: Partial<JobInfo>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return out;
}

export function unflatten(h: Record<string, string>): JobInfo | undefined {
  if (!h.id) return undefined;
  const num = (k: string) => (h[k] !== undefined ? Number(h[k]) : undefined);
  return {
    id: h.id,
    state: h.state as JobInfo['state'],
    createdAt: num('createdAt')!,
    startedAt: num('startedAt'),
    finishedAt: num('finishedAt'),
    attempts: num('attempts') ?? 0,
    timings: h.timings ? JSON.parse(h.timings) : {},
    ...(h.error ? { error: JSON.parse(h.error) } : {}),
  };
}
