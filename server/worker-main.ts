// `REDIS_URL=redis://… npm run server:worker -- [--models <dir>] [--providers cuda,cpu]`
// One GPU worker of the scaled topology: loads its sets' graphs at boot (it says it is ready through
// Redis once they are loaded), then runs one job at a time from the queue. SIGTERM: take no more jobs,
// finish the running one within LUMEN_DRAIN_MS (else leave it; its lock lapses and another worker
// retries it), then exit. /metrics on LUMEN_METRICS_PORT when set.
import { createServer } from 'node:http';
import { readConfig, loadSets } from './config';
import { startRedisWorker } from './jobs/redis-worker';
import { createLogger, createMetrics } from './observe';
import { createPreloader } from './preload';

// A worker takes no HTTP requests: keys are the API's business.
const config = readConfig([...process.argv.slice(2), '--open']);
if (!config.redisUrl) throw new Error('A worker needs REDIS_URL (without Redis, `npm run server` runs jobs itself).');
const log = createLogger('worker');
const metrics = createMetrics();
const sets = loadSets(config);
const preloader = createPreloader(sets, (s) => {
  log.info({ set: s.id, state: s.state, ms: s.ms, providers: s.providers, error: s.error }, 'model set loaded');
  metrics.providers(preloader.providers());
});
void preloader.start();

const worker = startRedisWorker({
  url: config.redisUrl,
  sets,
  resultTtlMs: config.resultTtlMs,
  lockMs: config.lockMs,
  status: () => ({ providers: preloader.providers(), sets: preloader.status().map((s) => ({ id: s.id, state: s.state, error: s.error })) }),
  onPreload: () => void preloader.start(),
  onStart: (id, info) => log.info({ job: id, attempt: info.attempts, waitedMs: info.startedAt! - info.createdAt }, 'job started'),
  onSettled: (id, state, run) => {
    log.info({ job: id, state, timings: run.timings, queuedMs: run.queuedMs, runMs: run.runMs }, 'job settled');
    metrics.settled(state, run.timings, run.queuedMs);
  },
});
log.info({ name: worker.name, sets: [...sets.keys()], providers: config.providers }, 'worker started');

const metricsPort = Number(process.env.LUMEN_METRICS_PORT);
if (metricsPort) {
  createServer(async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  }).listen(metricsPort, config.host);
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, busy: worker.busy() }, 'draining: no new jobs; finishing the running one');
  const force = setTimeout(() => {
    log.warn('drain deadline passed: leaving the running job to be retried by another worker');
    process.exit(1);
  }, config.drainMs);
  await worker.close();
  clearTimeout(force);
  log.info('drained; exiting');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
