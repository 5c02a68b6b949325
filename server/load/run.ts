// `npm run loadtest -- [--jobs 500] [--clients 50] [--ratio-jobs 120]`
// The scaled topology under load, as real processes: a redis-server, 2 API processes and 2 GPU workers;
// 50 clients submit 500 small fixture jobs between them (round-robin over the API processes) and follow
// each to its end through the event stream. Reports completed / failed / lost (lost: no final event
// within the deadline), p50/p95 queue wait and run time (the server's own timestamps), /health p50/p99
// while loaded, then the throughput of the same work with 1 worker against 2.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { encodeRequest, type JobInfo } from '../../src/backends/remote-wire';
import { buildRequest, defaultSettings } from '../../src/pipeline/settings';
import { until } from '../testing/in-process';
import { startApi, startProc, startRedis, startWorker, type Proc } from '../testing/processes';
import { readSse } from '../testing/sse';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '500' },
    clients: { type: 'string', default: '50' },
    'ratio-jobs': { type: 'string', default: '120' },
  },
});
const JOBS = Number(values.jobs);
const CLIENTS = Number(values.clients);
const KEY = 'load-key';
const H = { 'X-API-Key': KEY };
const request = (seed: number) =>
  encodeRequest(
    buildRequest(
      FIXTURE_SET,
      { ...defaultSettings(FIXTURE_SET), numParts: 2, partSteps: 3, gridResolution: 20, pointCount: 500, seed },
      { prompt: `load ${seed}` },
    ),
  );

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN;
const ms = (x: number) => `${Math.round(x)} ms`;

async function phase(apiUrls: string[], jobs: number, clients: number) {
  const outcomes = { completed: 0, failed: 0, lost: 0 };
  const wait: number[] = [];
  const run: number[] = [];
  let next = 0;
  const t0 = performance.now();
  async function client(c: number) {
    for (let j = next++; j < jobs; j = next++) {
      const api = apiUrls[(c + j) % apiUrls.length];
      let id: string | undefined;
      for (let tries = 0; !id; tries++) {
        const res = await fetch(`${api}/api/jobs`, {
          method: 'POST',
          headers: { ...H, 'Content-Type': 'application/json' },
          body: JSON.stringify(request(j)),
        });
        if (res.status === 202) id = ((await res.json()) as { id: string }).id;
        else if (tries > 20) throw new Error(`submit refused: ${res.status} ${await res.text()}`);
        else await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      }
      const deadline = AbortSignal.timeout(300_000);
      const seen = await readSse(`${api}/api/jobs/${id}/events`, { headers: H, signal: deadline }).catch(() => ({
        events: [],
        ended: false,
      }));
      const last = seen.events.at(-1)?.event;
      if (last === 'result') outcomes.completed++;
      else if (last === 'error') outcomes.failed++;
      else outcomes.lost++;
      const info = (await (await fetch(`${api}/api/jobs/${id}`, { headers: H })).json()) as JobInfo;
      if (info.startedAt) wait.push(info.startedAt - info.createdAt);
      if (info.startedAt && info.finishedAt) run.push(info.finishedAt - info.startedAt);
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  return { outcomes, wait, run, seconds, throughput: jobs / seconds };
}

async function main() {
  const redis = await startRedis();
  const env = { REDIS_URL: redis.url, LUMEN_API_KEYS: KEY, LUMEN_RATE_PER_MIN: '1000000', LUMEN_QUEUE_CAP: '100000', LOG_LEVEL: 'warn' };
  const procs: Proc[] = [];
  try {
    const workers = [startWorker(env), startWorker(env)];
    procs.push(...workers);
    const apis = await Promise.all([startApi(env), startApi(env)]);
    procs.push(...apis.map((a) => a.proc));
    const urls = apis.map((a) => a.url);
    await until(
      async () =>
        (await (await fetch(`${urls[0]}/health`)).json()).workers === 2 && (await fetch(`${urls[0]}/health/ready`)).status === 200,
      120_000,
      200,
    );

    // /health sampled throughout the loaded phase by a process of its own: the load generator's busy
    // event loop must not count as the API's latency.
    const sampler = startProc(
      process.execPath,
      [
        '-e',
        `
      const urls = ${JSON.stringify(urls)}; const times = []; let stop = false;
      process.on('SIGTERM', () => { stop = true; });
      (async () => {
        await fetch(urls[0] + '/health'); await fetch(urls[1] + '/health');
        while (!stop) {
          const t = performance.now();
          await fetch(urls[times.length % 2] + '/health');
          times.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 50));
        }
        console.log(JSON.stringify(times));
      })();`,
      ],
      {},
    );
    console.log(`load: ${JOBS} jobs from ${CLIENTS} clients over 2 API processes and 2 workers…`);
    const two = await phase(urls, JOBS, CLIENTS);
    sampler.kill('SIGTERM');
    await sampler.exited;
    const health = JSON.parse(sampler.lines.at(-1)!) as number[];
    console.log(
      `  completed ${two.outcomes.completed}, failed ${two.outcomes.failed}, lost ${two.outcomes.lost} in ${two.seconds.toFixed(1)} s (${two.throughput.toFixed(2)} jobs/s)`,
    );
    console.log(
      `  queue wait p50 ${ms(pct(two.wait, 50))}, p95 ${ms(pct(two.wait, 95))}; run time p50 ${ms(pct(two.run, 50))}, p95 ${ms(pct(two.run, 95))}`,
    );
    console.log(
      `  /health during load: ${health.length} samples, p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}, max ${ms(Math.max(...health))}`,
    );

    // Throughput of the same work with both (now warm) workers, then with one (the other drained away).
    const ratioJobs = Number(values['ratio-jobs']);
    const both = await phase(urls, ratioJobs, CLIENTS);
    workers[1].kill('SIGTERM');
    await workers[1].exited;
    await until(async () => (await (await fetch(`${urls[0]}/health`)).json()).workers === 1, 30_000, 200);
    const one = await phase(urls, ratioJobs, CLIENTS);
    console.log(
      `throughput on ${ratioJobs} jobs: 2 workers ${both.throughput.toFixed(2)} jobs/s, 1 worker ${one.throughput.toFixed(2)} jobs/s, ratio ${(both.throughput / one.throughput).toFixed(2)}`,
    );
    console.log(
      `  (lost: ${one.outcomes.lost + both.outcomes.lost}; failed: ${one.outcomes.failed + both.outcomes.failed}; this machine has ${availableParallelism()} CPUs)`,
    );
    if (two.outcomes.lost + one.outcomes.lost + both.outcomes.lost > 0) process.exitCode = 1;
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.kill('SIGKILL');
    redis.proc.kill('SIGKILL');
  }
}

await main();
