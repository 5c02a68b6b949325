// Logs and metrics. Logs are pino JSON lines; every line about a job carries its `job` id (a child
// logger). Metrics are prom-client's: queue depth (read at scrape time), jobs by outcome, stage and queue
// durations, and the execution provider in use.
import { pino, type Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobState, StageTimings } from '../src/backends/remote-wire';

export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, role: name } });
}

export function createMetrics(depth?: () => Promise<{ queued: number; running: number }>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({ name: 'lumen_jobs_total', help: 'Jobs finished, by outcome', labelNames: ['outcome'], registers: [registry] });
  const stage = new Histogram({
    name: 'lumen_stage_seconds',
    help: 'Stage durations',
    labelNames: ['stage'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const wait = new Histogram({
    name: 'lumen_queue_wait_seconds',
    help: 'Time from submit to start',
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const provider = new Gauge({
    name: 'lumen_provider_in_use',
    help: 'Execution providers graphs run on (1 = in use)',
    labelNames: ['provider'],
    registers: [registry],
  });
  const http = new Counter({
    name: 'lumen_http_rejections_total',
    help: 'Requests refused, by status',
    labelNames: ['status'],
    registers: [registry],
  });
  if (depth) {
    new Gauge({
      name: 'lumen_queue_depth',
      help: 'Jobs waiting and running',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const d = await depth();
        this.set({ state: 'queued' }, d.queued);
        this.set({ state: 'running' }, d.running);
      },
    });
  }
  return {
    registry,
    http,
    settled(state: JobState, timings: StageTimings = {}, queuedMs?: number) {
      jobs.inc({ outcome: state });
      for (const [s, ms] of Object.entries(timings)) stage.observe({ stage: s }, ms / 1000);
      if (queuedMs !== undefined) wait.observe(queuedMs / 1000);
    },
    providers(list: string[]) {
      provider.reset();
      for (const p of list) provider.set({ provider: p }, 1);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
