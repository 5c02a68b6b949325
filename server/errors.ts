// What a client may read about a failure: the typed name and plain sentence of describeError, with any
// absolute file path cut down to its file name (a server's folder layout is nobody's business).
import { describeError, type ErrorDescription } from '../src/runtime/errors';

const ABSOLUTE_PATH = /(?:[A-Za-z]:)?(?:[\\/][\w.@+~-]+){2,}[\\/]?/g;

export const stripPaths = (text: string) => text.replace(ABSOLUTE_PATH, (p) => p.split(/[\\/]/).filter(Boolean).at(-1) ?? '');

export function publicError(e: unknown): ErrorDescription {
  const d = describeError(e);
  return { ...d, message: stripPaths(d.message) };
}

/** A queued job the server will not start because it is shutting down (SIGTERM). */
export class ShuttingDownError extends Error {
  override name = 'ShuttingDownError';
  constructor() {
    super('The server shut down before this job started; submit it again.');
  }
}

/** A job whose worker process died under it (BullMQ's stalled check gave up on it). */
export class WorkerLostError extends Error {
  override name = 'WorkerLostError';
}
