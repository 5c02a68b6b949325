// /api/jobs: submit (202 + id), status, the event stream (SSE with ids, resumable, heartbeats while
// waiting), cancel, and the results as binary: the cloud in the compact layout or as PLY with part ids,
// the pictures as PNG (or raw RGBA for the app, which needs the exact pixels).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { encode as encodePng } from 'fast-png';
import type { ModelSet } from '../../models/model-set';
import { FINAL_EVENTS, decodeCloudBinary, decodeRgbaBinary } from '../../src/backends/remote-wire';
import { encodePly } from '../../src/pipeline/ply';
import { publicError } from '../errors';
import { QueueFullError, type JobQueue, type ResultPart } from '../jobs/types';
import { BadRequestError, checkRequest, type InputBounds } from '../request';
import type { RateLimiter } from './guard';

export interface JobRoutesOptions {
  jobs: JobQueue;
  sets: ReadonlyMap<string, ModelSet>;
  bounds: InputBounds;
  limiter: RateLimiter;
  bodyLimitBytes: number;
  heartbeatMs: number;
  /** Aborted when the process starts draining: new jobs are refused. */
  shutdown: AbortSignal;
  /** Aborted when open streams must end (after the drain): they say so and close; clients resume elsewhere. */
  endStreams: AbortSignal;
  /** The event streams still open; the drain waits for them to have written their last words. */
  openStreams: Set<Promise<unknown>>;
  /** Seconds a client should wait when the queue is full. */
  retryAfterS: number;
}

type Env = { Variables: { keyId: string } };

export function bodyGuard(limit: number) {
  // Hono's limit answers from Content-Length before reading, and counts a chunked body as it arrives.
  return bodyLimit({
    maxSize: limit,
    // The rest of the body is never buffered; the connection closes once the client has read this answer
    // (./linger.ts, from the app's first middleware).
    onError: (c) => {
      return c.json(
        {
          name: 'PayloadTooLargeError',
          title: 'The request is too large',
          message: `This server takes request bodies up to ${(limit / 2 ** 20).toFixed(0)} MB.`,
        },
        413,
      );
    },
  });
}

/** Rate limit, body, bounds, capacity, then submit: the one admission path of every generating endpoint. */
/** `body`: already read by the caller (the seeds' routes fill in a set). */
export async function admit(c: Context<Env>, o: JobRoutesOptions, preset?: { body: unknown }): Promise<{ id: string } | Response> {
  const rate = await o.limiter.take(c.get('keyId'));
  if (!rate.ok) {
    c.header('Retry-After', String(rate.retryAfterS));
    return c.json(
      {
        name: 'RateLimitedError',
        title: 'Too many requests',
        message: `This key has used its generations for this minute; try again in ${rate.retryAfterS} s.`,
      },
      429,
    );
  }
  if (o.shutdown.aborted) {
    c.header('Retry-After', '5');
    return c.json(
      { name: 'ShuttingDownError', title: 'The server is restarting', message: 'This server is shutting down; try again in a moment.' },
      503,
    );
  }
  let body: unknown = preset?.body;
  try {
    if (!preset) body = await c.req.json();
  } catch (e) {
    if ((e as Error).name === 'BodyLimitError') throw e;
    return c.json({ name: 'BadRequestError', title: 'Bad request', message: 'The body must be JSON.' }, 400);
  }
  try {
    return { id: await o.jobs.submit(checkRequest(body, o.sets, o.bounds)) };
  } catch (e) {
    if (e instanceof BadRequestError) return c.json(publicError(e), 400);
    if (e instanceof QueueFullError) {
      c.header('Retry-After', String(o.retryAfterS));
      return c.json(publicError(e), 503);
    }
    throw e;
  }
}

const CONTENT: Record<string, [ResultPart, string]> = {
  'cloud.bin': ['cloud', 'application/octet-stream'],
  'cloud.ply': ['cloud', 'application/vnd.ply'],
  'image.png': ['image', 'image/png'],
  'image.rgba': ['image', 'application/octet-stream'],
  'cutout.png': ['cutout', 'image/png'],
  'cutout.rgba': ['cutout', 'application/octet-stream'],
};

export function jobRoutes(o: JobRoutesOptions) {
  const app = new Hono<Env>();
  const notFound = (c: Context) =>
    c.json({ name: 'NotFoundError', title: 'No such job', message: 'No job has that id here (it may have expired).' }, 404);

  app.post('/', bodyGuard(o.bodyLimitBytes), async (c) => {
    const r = await admit(c, o);
    if (r instanceof Response) return r;
    c.header('Location', `/api/jobs/${r.id}`);
    return c.json({ id: r.id, status: `/api/jobs/${r.id}`, events: `/api/jobs/${r.id}/events` }, 202);
  });

  app.get('/:id', async (c) => {
    const info = await o.jobs.info(c.req.param('id'));
    return info ? c.json(info) : notFound(c);
  });

  app.delete('/:id', async (c) => {
    const info = await o.jobs.cancel(c.req.param('id'));
    return info ? c.json(info) : notFound(c);
  });

  app.get('/:id/events', async (c) => {
    const id = c.req.param('id');
    if (!(await o.jobs.info(id))) return notFound(c);
    let after = c.req.header('last-event-id') || c.req.query('after') || undefined;
    return streamSSE(c, (stream) => {
      const open = (async () => {
        const gone = new AbortController();
        stream.onAbort(() => gone.abort());
        const stop = AbortSignal.any([gone.signal, o.endStreams]);
        while (!gone.signal.aborted) {
          // Once streams must end, what is already there still goes out (a drained job's final event).
          const ending = o.endStreams.aborted;
          const events = await o.jobs.read(id, after, ending ? 0 : o.heartbeatMs, stop);
          if (gone.signal.aborted) break;
          if (!events.length) {
            if (ending) break;
            const info = await o.jobs.info(id);
            if (!info) break;
            // A comment keeps proxies from closing an idle stream and tells a watcher where the job stands.
            await stream.write(`: ${info.state}${info.position !== undefined ? `, ${info.position} ahead` : ''}\n\n`);
            continue;
          }
          for (const e of events) {
            await stream.writeSSE({ id: e.id, event: e.event, data: JSON.stringify(e.data) });
            after = e.id;
            if (FINAL_EVENTS.includes(e.event)) return;
          }
        }
        if (o.endStreams.aborted && !gone.signal.aborted) {
          // Tell the client this process is going; it reconnects (to any API process) with Last-Event-ID.
          await stream.write(': server shutting down, reconnect\nretry: 500\n\n');
        }
      })();
      o.openStreams.add(open);
      return open.finally(() => o.openStreams.delete(open));
    });
  });

  app.get('/:id/:file{(cloud|image|cutout)\\.(bin|ply|png|rgba)}', async (c) => {
    const spec = CONTENT[c.req.param('file')];
    if (!spec) return notFound(c);
    const bytes = await o.jobs.part(c.req.param('id'), spec[0]);
    if (!bytes)
      return c.json(
        { name: 'NotFoundError', title: 'Not there', message: 'This job has no such result (not produced yet, or expired).' },
        404,
      );
    const file = c.req.param('file');
    let out: Uint8Array = bytes;
    if (file === 'cloud.ply') out = encodePly(decodeCloudBinary(bytes));
    if (file.endsWith('.png')) {
      const img = decodeRgbaBinary(bytes);
      out = encodePng({ width: img.width, height: img.height, data: new Uint8Array(img.data.buffer), depth: 8, channels: 4 });
    }
    return c.body(out as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': spec[1], 'Cache-Control': 'private, max-age=60' });
  });
  return app;
}
