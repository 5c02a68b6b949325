// The scaled topology with real processes: a redis-server, two API processes and two GPU workers
// (BullMQ). Faults are real: kill -9 of a worker mid-job, an API process restarted mid-stream, SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../models/sets/fixture';
import { createRemoteBackend } from '../src/backends/remote';
import { decodeCloudBinary, encodeRequest, type JobInfo } from '../src/backends/remote-wire';
import type { ProgressEvent } from '../src/leaf/progress';
import { buildRequest, defaultSettings } from '../src/pipeline/settings';
import { until } from './testing/in-process';
import { startApi, startRedis, startWorker, type Proc } from './testing/processes';
import { readSse } from './testing/sse';

const KEY = 'scale-key';
const K = { 'X-API-Key': KEY };
const small = buildRequest(
  FIXTURE_SET,
  { ...defaultSettings(FIXTURE_SET), numParts: 2, partSteps: 3, gridResolution: 20, pointCount: 500, seed: 3 },
  { prompt: 'a vase' },
);
// A few seconds of real work on the fixture graphs: long enough to kill or restart something mid-run.
const long = { ...small, partSteps: 100, gridResolution: 64, pointCount: 20_000 };

let redis: Awaited<ReturnType<typeof startRedis>>;
let env: Record<string, string>;
const apis: Awaited<ReturnType<typeof startApi>>[] = [];
const workers: Proc[] = [];

beforeAll(async () => {
  redis = await startRedis();
  env = { REDIS_URL: redis.url, LUMEN_API_KEYS: KEY, LUMEN_LOCK_MS: '3000', LUMEN_HEARTBEAT_MS: '500', LUMEN_RATE_PER_MIN: '12' };
  workers.push(startWorker(env), startWorker(env));
  apis.push(...(await Promise.all([startApi(env), startApi(env)])));
  await until(async () => (await (await fetch(`${apis[0].url}/health`)).json()).workers === 2, 90_000, 200);
  await until(async () => (await fetch(`${apis[1].url}/health/ready`)).status === 200, 90_000, 200);
}, 180_000);

afterAll(async () => {
  for (const p of [...workers, ...apis.map((a) => a.proc)]) if (p.child.exitCode === null) p.kill('SIGKILL');
  redis?.proc.kill('SIGKILL');
});

const submit = async (url: string, body: unknown) => {
  const res = await fetch(`${url}/api/jobs`, {
    method: 'POST',
    headers: { ...K, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
};
const info = async (url: string, id: string) => (await (await fetch(`${url}/api/jobs/${id}`, { headers: K })).json()) as JobInfo;

describe('two API processes, two workers, one Redis', () => {
  it('a job submitted to one API process streams and serves from the other; workers log its id', async () => {
    const id = await submit(apis[0].url, encodeRequest(small));
    const seen = await readSse(`${apis[1].url}/api/jobs/${id}/events`, { headers: K });
    expect(seen.events.at(-1)!.event).toBe('result');
    const again = await readSse(`${apis[0].url}/api/jobs/${id}/events`, { headers: K });
    expect(again.events).toEqual(seen.events);
    const bytes = async (u: string) => new Uint8Array(await (await fetch(`${u}/api/jobs/${id}/cloud.bin`, { headers: K })).arrayBuffer());
    const [a, b] = [decodeCloudBinary(await bytes(apis[0].url)), decodeCloudBinary(await bytes(apis[1].url))];
    expect(a.partIds).toHaveLength(500);
    expect(b.positions).toEqual(a.positions);
    expect(workers.some((w) => w.logs().some((l) => l.job === id && l.msg === 'job settled' && l.state === 'done'))).toBe(true);
    expect((await fetch(`${apis[1].url}/api/jobs`, { method: 'POST', body: '{}' })).status).toBe(401);
    const health = await (await fetch(`${apis[0].url}/health`)).json();
    expect(health).toMatchObject({ mode: 'redis', providers: ['cpu'], workers: 2 });
  });

  it('kill -9 of the worker running a job: the job is retried on the other and the client hears so', async () => {
    const id = await submit(apis[0].url, encodeRequest(long));
    const first = await readSse(`${apis[0].url}/api/jobs/${id}/events`, {
      headers: K,
      until: (r) => r.event === 'progress' && (r.data as ProgressEvent).stage === 'parts',
    });
    const started = first.events.find((e) => e.event === 'started')!.data as { worker: string };
    const victim = workers.find((w) => started.worker.endsWith(`-${w.child.pid}`))!;
    victim.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    const rest = await readSse(`${apis[1].url}/api/jobs/${id}/events`, { headers: K, lastEventId: first.events.at(-1)!.id });
    const names = rest.events.map((e) => e.event);
    expect(names).toContain('retry');
    expect(names.at(-1)).toBe('result');
    expect(await info(apis[1].url, id)).toMatchObject({ state: 'done', attempts: 2 });
    // Every event id once, in order, across both reads.
    const ids = [...first.events, ...rest.events].map((e) => e.id!);
    expect(new Set(ids).size).toBe(ids.length);
    workers.splice(workers.indexOf(victim), 1, startWorker(env));
  }, 120_000);

  it('a job whose worker dies twice is failed with a clear error, not lost, and never runs a third time', async () => {
    const id = await submit(apis[0].url, encodeRequest(long));
    const kills: string[] = [];
    let after: string | undefined;
    const events: { event?: string; data?: unknown; id?: string }[] = [];
    for (let round = 0; round < 2; round++) {
      const got = await readSse(`${apis[0].url}/api/jobs/${id}/events`, {
        headers: K,
        lastEventId: after,
        until: (r) => r.event === 'started',
      });
      events.push(...got.events);
      after = got.events.at(-1)!.id;
      const worker = (got.events.at(-1)!.data as { worker: string }).worker;
      const victim = workers.find((w) => worker.endsWith(`-${w.child.pid}`))!;
      victim.kill('SIGKILL');
      await victim.exited;
      kills.push(worker);
      workers.splice(workers.indexOf(victim), 1);
    }
    // A fresh worker's stalled check finds the job's second lapse and fails it.
    workers.push(startWorker(env));
    const rest = await readSse(`${apis[1].url}/api/jobs/${id}/events`, { headers: K, lastEventId: after });
    events.push(...rest.events);
    expect(new Set(kills).size).toBe(2);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { name: 'WorkerLostError' } });
    expect(String((events.at(-1)!.data as { message: string }).message)).toMatch(/worker running this job stopped/);
    expect(events.filter((e) => e.event === 'started')).toHaveLength(2);
    expect(await info(apis[1].url, id)).toMatchObject({ state: 'failed' });
    workers.push(startWorker(env));
    await until(async () => (await (await fetch(`${apis[0].url}/health`)).json()).workers === 2, 60_000, 200);
  }, 120_000);

  it('an API process restarted mid-stream: the app resumes with Last-Event-ID and hears every event once', async () => {
    const api = apis[0];
    const heard: ProgressEvent[] = [];
    let restarted: Promise<void> | undefined;
    const backend = createRemoteBackend(api.url, { apiKey: KEY, retryDelayMs: 200, reconnects: 12 });
    const run = backend.generate(long, {
      signal: new AbortController().signal,
      onImage: () => undefined,
      onProgress: (e) => {
        heard.push(e);
        if (!restarted && e.status === 'progress' && e.stage === 'parts' && e.step >= 5) {
          restarted = (async () => {
            api.proc.kill('SIGTERM');
            expect((await api.proc.exited).code).toBe(0);
            apis[0] = await startApi(env, [], api.port);
          })();
        }
      },
    });
    const cloud = await run;
    await restarted;
    expect(cloud.partIds).toHaveLength(20_000);
    expect(apis[0].proc).not.toBe(api.proc);
    // What the app heard is exactly the job's own record of events, each once.
    const settledLines = workers.flatMap((w) => w.logs()).filter((l) => l.msg === 'job settled');
    const id = String(settledLines.sort((a, b) => Number(a.time) - Number(b.time)).at(-1)!.job);
    const all = await readSse(`${apis[1].url}/api/jobs/${id}/events`, { headers: K });
    const expected = all.events.flatMap((e): ProgressEvent[] =>
      e.event === 'progress'
        ? [e.data as ProgressEvent]
        : e.event === 'queued'
          ? [{ status: 'info', stage: 'text', message: `Waiting for the server: ${(e.data as { ahead: number }).ahead} run(s) ahead.` }]
          : [],
    );
    expect(heard).toEqual(expected);
  }, 120_000);

  it('SIGTERM to a busy worker: it finishes the job, then leaves', async () => {
    const id = await submit(apis[1].url, encodeRequest(long));
    const first = await readSse(`${apis[1].url}/api/jobs/${id}/events`, { headers: K, until: (r) => r.event === 'started' });
    const started = first.events.at(-1)!.data as { worker: string };
    expect(started.worker, JSON.stringify(first.records)).toBeDefined();
    const w = workers.find((x) => started.worker.endsWith(`-${x.child.pid}`))!;
    w.kill('SIGTERM');
    const rest = await readSse(`${apis[1].url}/api/jobs/${id}/events`, { headers: K, lastEventId: first.events.at(-1)!.id });
    expect(rest.events.at(-1)!.event).toBe('result');
    expect(rest.events.map((e) => e.event)).not.toContain('retry');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect((await info(apis[1].url, id)).attempts).toBe(1);
    await until(async () => (await (await fetch(`${apis[1].url}/health`)).json()).workers === 1, 15_000);
  }, 120_000);

  it('the per-key limit is shared by every API process (counted in Redis)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30 && !statuses.includes(429); i++) {
      const res = await fetch(`${apis[i % 2].url}/api/jobs`, {
        method: 'POST',
        headers: { ...K, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...small, prompt: '' }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Twelve a minute in all (some already spent by the tests above), not twelve per process.
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.length).toBeLessThanOrEqual(13);
  });
});
