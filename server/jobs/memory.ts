// The embedded default: jobs in this process. One job runs at a time (ORT sessions on one device must not
// run concurrently), later ones wait in order; events and results live in memory until their TTL.
import type { ModelSet } from '../../models/model-set';
import type { JobEventName, JobInfo, JobState, WireRequest } from '../../src/backends/remote-wire';
import type { StageContext } from '../../src/runtime/context';
import { AbortError } from '../../src/leaf/abort';
import { publicError, ShuttingDownError } from '../errors';
import { executeJob, type RunOutcome } from './execute';
import { QueueFullError, type JobQueue, type ResultPart, type StoredEvent } from './types';

export interface JobHooks {
  onStart?: (id: string, info: JobInfo) => void;
  /** How each job ended: outcome, and its run (undefined when it never started). */
  onSettled?: (id: string, state: JobState, run: Partial<RunOutcome> & { queuedMs: number; runMs?: number }) => void;
}

interface Job {
  info: JobInfo;
  request: WireRequest;
  events: StoredEvent[];
  parts: Map<ResultPart, Uint8Array>;
  controller: AbortController;
  wake: Set<() => void>;
}

export interface MemoryJobsOptions extends JobHooks {
  sets: ReadonlyMap<string, { set: ModelSet; ctx: StageContext }>;
  capacity: number;
  resultTtlMs: number;
}

export function createMemoryJobs(o: MemoryJobsOptions): JobQueue & { shutdown(deadlineMs: number): Promise<void> } {
  const jobs = new Map<string, Job>();
  const waiting: Job[] = [];
  let current: { job: Job; done: Promise<void> } | undefined;

  function append(job: Job, event: JobEventName, data: unknown) {
    job.events.push({ id: String(job.events.length + 1), event, data });
    for (const w of job.wake) w();
    job.wake.clear();
  }

  function finish(job: Job, state: JobState, run: Partial<RunOutcome> = {}) {
    job.info.state = state;
    job.info.finishedAt = Date.now();
    const queuedMs = (job.info.startedAt ?? job.info.finishedAt) - job.info.createdAt;
    o.onSettled?.(job.info.id, state, { ...run, queuedMs, runMs: job.info.startedAt && job.info.finishedAt - job.info.startedAt });
    setTimeout(() => jobs.delete(job.info.id), o.resultTtlMs).unref();
  }

  async function run(job: Job) {
    const entry = o.sets.get(job.request.setId)!;
    job.info.state = 'running';
    job.info.startedAt = Date.now();
    job.info.attempts = 1;
    o.onStart?.(job.info.id, job.info);
    append(job, 'started', { attempt: 1 });
    // Each waiting job hears its new place: the ones before it and the one now running.
    waiting.forEach((w, i) => append(w, 'queued', { ahead: i + 1 }));
    const sink = {
      emit: async (event: JobEventName, data: unknown) => {
        if (event === 'progress' && (data as { status: string }).status === 'done') {
          const d = data as { stage: keyof JobInfo['timings']; ms: number };
          job.info.timings[d.stage] = Math.round(d.ms * 10) / 10;
        }
        append(job, event, data);
      },
      store: async (part: ResultPart, bytes: Uint8Array) => void job.parts.set(part, bytes),
    };
    try {
      const outcome = await executeJob(entry.ctx, job.request, job.controller.signal, sink);
      finish(job, 'done', outcome);
    } catch (e) {
      const cancelled = job.controller.signal.aborted;
      const error = publicError(cancelled ? new AbortError() : e);
      job.info.error = error;
      append(job, 'error', error);
      finish(job, cancelled ? 'cancelled' : 'failed', { partSteps: (e as { partSteps?: number }).partSteps });
    }
  }

  function pump() {
    if (current || !waiting.length) return;
    const job = waiting.shift()!;
    const done = run(job).finally(() => {
      current = undefined;
      pump();
    });
    current = { job, done };
  }

  return {
    kind: 'memory',
    async submit(request) {
      if (waiting.length >= o.capacity) throw new QueueFullError(o.capacity);
      const id = crypto.randomUUID();
      const job: Job = {
        info: { id, state: 'queued', createdAt: Date.now(), attempts: 0, timings: {} },
        request,
        events: [],
        parts: new Map(),
        controller: new AbortController(),
        wake: new Set(),
      };
      jobs.set(id, job);
      waiting.push(job);
      append(job, 'queued', { ahead: waiting.length - 1 + (current ? 1 : 0) });
      queueMicrotask(pump);
      return id;
    },
    async info(id) {
      const job = jobs.get(id);
      if (!job) return undefined;
      const i = waiting.indexOf(job);
      return { ...job.info, timings: { ...job.info.timings }, ...(i >= 0 ? { position: i } : {}) };
    },
    async read(id, after, waitMs, signal) {
      const job = jobs.get(id);
      if (!job) return [];
      const from = after === undefined ? 0 : Math.max(0, Number(after) || 0);
      if (job.events.length <= from && waitMs > 0 && !signal?.aborted) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, waitMs);
          function done() {
            clearTimeout(t);
            job!.wake.delete(done);
            signal?.removeEventListener('abort', done);
            resolve();
          }
          job.wake.add(done);
          signal?.addEventListener('abort', done);
        });
      }
      return job.events.slice(from);
    },
    async cancel(id) {
      const job = jobs.get(id);
      if (!job) return undefined;
      const i = waiting.indexOf(job);
      if (i >= 0) {
        waiting.splice(i, 1);
        job.info.error = publicError(new AbortError());
        append(job, 'error', job.info.error);
        finish(job, 'cancelled');
      } else if (job.info.state === 'running') {
        job.controller.abort();
        await current?.done;
      }
      return this.info(id);
    },
    async part(id, part) {
      return jobs.get(id)?.parts.get(part);
    },
    async depth() {
      return { queued: waiting.length, running: current ? 1 : 0 };
    },
    /**
     * Draining: queued jobs cannot be handed to another process, so their clients hear it now; the
     * running job may finish within the deadline, else it is cancelled and its client told.
     */
    async shutdown(deadlineMs) {
      for (const job of waiting.splice(0)) {
        job.info.error = publicError(new ShuttingDownError());
        append(job, 'error', job.info.error);
        finish(job, 'failed');
      }
      if (!current) return;
      const running = current;
      const timer = setTimeout(() => running.job.controller.abort(), deadlineMs);
      await running.done;
      clearTimeout(timer);
    },
    async close() {
      for (const job of [...waiting]) await this.cancel(job.info.id);
      current?.job.controller.abort();
      await current?.done;
    },
  };
}
