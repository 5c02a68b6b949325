// The job API's one interface, implemented twice: in-process (memory.ts, the embedded default) and on
// Redis through BullMQ (redis.ts, any number of API and worker processes). The HTTP layer sees only this.
import type { JobEventName, JobInfo, WireRequest } from '../../src/backends/remote-wire';

export interface StoredEvent {
  /** Resume token: the client's Last-Event-ID. Ordered within one job. */
  id: string;
  event: JobEventName;
  data: unknown;
}

/** What a finished job leaves behind, as binary (remote-wire's layouts). */
export type ResultPart = 'cloud' | 'image' | 'cutout';

export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(readonly capacity: number) {
    super(`The server's queue is full (${capacity} jobs waiting). Try again shortly.`);
  }
}

export interface JobQueue {
  readonly kind: 'memory' | 'redis';
  /** Queues a validated request; throws QueueFullError at capacity. */
  submit(request: WireRequest): Promise<string>;
  info(id: string): Promise<JobInfo | undefined>;
  /** Events after `after` (from the first when undefined); waits up to `waitMs` for one; [] on timeout. */
  read(id: string, after: string | undefined, waitMs: number, signal?: AbortSignal): Promise<StoredEvent[]>;
  /** Cancels a queued or running job; a finished one is left as it is. Undefined: no such job. */
  cancel(id: string): Promise<JobInfo | undefined>;
  part(id: string, part: ResultPart): Promise<Uint8Array | undefined>;
  depth(): Promise<{ queued: number; running: number }>;
  close(): Promise<void>;
}

/** Where a running job writes: its events in order, and its result parts before the event naming them. */
export interface JobSink {
  emit<K extends JobEventName>(event: K, data: unknown): Promise<void>;
  store(part: ResultPart, bytes: Uint8Array): Promise<void>;
}
