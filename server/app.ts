// The remote backend's HTTP face (Hono): POST /api/generate runs one request with the same stage code as
// the browser workers and streams its progress, both pictures and the point cloud back as server-sent
// events; a client that goes away cancels its run. GET /api/health says what this server can run.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import type { ModelSet } from '../models/model-set';
import { decodeImage, encodeCloud, encodeImage, type WireEvents, type WireRequest } from '../src/backends/remote-wire';
import { inProcessStages } from '../src/backends/node-stages';
import { runPlan } from '../src/backends/run-plan';
import type { StageContext } from '../src/runtime/context';
import type { GenerateRequest } from '../src/pipeline/request';
import { describeError } from '../src/runtime/errors';
import { buildRequest, defaultSettings } from '../src/pipeline/settings';
import { createRunQueue } from './queue';

export interface ServerOptions {
  /** The sets this server holds, each with its (warm) stage context. */
  sets: Map<string, { set: ModelSet; ctx: StageContext }>;
  /** Execution providers the contexts use, for /api/health. */
  providers: string[];
  /** Origins allowed to call (CORS); '*' by default. */
  origins?: string[] | '*';
  /** Told how each run ended, and how many DiT steps it ran (logs; tests check cancels really stop). */
  onRunSettled?: (outcome: 'done' | 'cancelled' | 'failed', partSteps: number) => void;
}

export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

/** A request from the wire, checked and clamped to the set's limits exactly as the app's settings are. */
export function readRequest(body: unknown, sets: ServerOptions['sets']): GenerateRequest {
  if (!body || typeof body !== 'object') throw new BadRequestError('The body must be a JSON generate request.');
  const w = body as Partial<WireRequest>;
  const entry = typeof w.setId === 'string' ? sets.get(w.setId) : undefined;
  if (!entry) throw new BadRequestError(`This server has no model set "${String(w.setId)}"; it has ${[...sets.keys()].join(', ')}.`);
  if (typeof w.prompt !== 'string') throw new BadRequestError('The request needs a prompt (a string, empty with an image).');
  const image = w.image ? decodeImage(w.image) : undefined;
  if (!image && !w.prompt.trim()) throw new BadRequestError('The request needs a prompt or an image.');
  const base = defaultSettings(entry.set);
  // Numbers the request gives replace the defaults; anything else is ignored.
  const settings = { ...base };
  for (const k of Object.keys(base) as (keyof typeof base)[]) if (typeof w[k] === 'number') settings[k] = w[k] as number;
  // The same clamping the app's settings store applies (buildRequest).
  return buildRequest(entry.set, settings, { prompt: w.prompt, image });
}

export function createServerApp(options: ServerOptions) {
  const queue = createRunQueue();
  const app = new Hono();
  app.use('/api/*', cors({ origin: options.origins ?? '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'] }));

  app.get('/api/health', (c) => c.json({
    ok: true,
    sets: [...options.sets.values()].map(({ set }) => ({ id: set.id, label: set.label })),
    providers: options.providers,
    busy: queue.pending,
  }));

  app.post('/api/generate', async (c) => {
    let request: GenerateRequest;
    try {
      request = readRequest(await c.req.json().catch(() => undefined), options.sets);
    } catch (e) {
      return c.json(describeError(e), 400);
    }
    const { ctx } = options.sets.get(request.setId)!;
    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      let steps = 0;
      // Either sign of a gone client cancels the run; the queue then moves on.
      stream.onAbort(() => controller.abort());
      c.req.raw.signal?.addEventListener('abort', () => controller.abort());
      const send = <K extends keyof WireEvents>(event: K, data: WireEvents[K]) =>
        controller.signal.aborted ? Promise.resolve() : stream.writeSSE({ event, data: JSON.stringify(data) });
      try {
        const cloud = await queue.run(async () => {
          // One context per set, one run at a time: the per-run fields are swapped in, as in the workers.
          ctx.signal = controller.signal;
          ctx.onProgress = (e) => {
            if (e.status === 'progress' && e.stage === 'parts') steps = e.step;
            void send('progress', e);
          };
          try {
            return await runPlan(request, inProcessStages(ctx), {
              signal: controller.signal,
              onImage: (kind, image) => void send('image', { kind, image: encodeImage(image) }),
            });
          } finally {
            ctx.onProgress = undefined;
            ctx.signal = undefined;
          }
        }, (ahead) => void send('queued', { ahead }));
        options.onRunSettled?.('done', steps);
        await send('result', { cloud: encodeCloud(cloud) });
      } catch (e) {
        options.onRunSettled?.(controller.signal.aborted ? 'cancelled' : 'failed', steps);
        if (!controller.signal.aborted) await send('error', describeError(e));
      }
    });
  });
  return app;
}
