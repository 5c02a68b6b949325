// The server's HTTP face (Hono): security headers and CORS on everything; health, readiness and metrics
// open (they say nothing a caller could abuse); the job API and the seeds' API behind keys and limits.
import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { publicError } from '../errors';
import type { Metrics } from '../observe';
import { requireKey } from './guard';
import { jobRoutes } from './jobs-routes';
import { closeWhenClientHasRead } from './linger';
import { seedRoutes, type SeedRoutesOptions } from './seeds';

export interface HealthReport {
  /** The topology: one process, or API processes in front of Redis workers. */
  mode: 'embedded' | 'redis';
  providers: string[];
  sets: { id: string; label: string; state: string; error?: string }[];
  queue: { queued: number; running: number; capacity: number };
  workers?: number;
  ready: boolean;
  reason?: string;
}

export interface ServerAppOptions extends SeedRoutesOptions {
  /** undefined: --open (no keys). */
  checkKey?: (k: string) => string | undefined;
  /** Origins the app may call from; empty: none (CORS closed); '*': any (local use). */
  origins: string[] | '*';
  health: () => Promise<HealthReport>;
  metrics: Metrics;
  log: Logger;
}

export function createServerApp(o: ServerAppOptions) {
  const app = new Hono<{ Variables: { keyId: string } }>();
  // First, so that it sees every answer: one given before the request's body was all read (too large, no
  // key, rate limited, draining) closes its connection only once the client can have read it.
  app.use('*', async (c, next) => {
    await next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && !incoming.complete) closeWhenClientHasRead(incoming.socket);
  });
  // The API is called from the app's own origin elsewhere: its responses may be read cross-origin
  // (CORS still decides who), so the resource policy is not same-origin.
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  const allowed = (origin: string) => o.origins === '*' || o.origins.includes(origin);
  app.use(
    '*',
    cors({
      origin: (origin) => (origin && allowed(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'DELETE'],
      allowHeaders: ['Content-Type', 'X-API-Key', 'Authorization', 'Last-Event-ID'],
      exposeHeaders: ['Retry-After', 'Location', 'X-Job-Id'],
      maxAge: 600,
    }),
  );
  // A page from another origin gets nothing done here, even with requests the browser sends without asking.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && !allowed(origin) && !c.req.path.startsWith('/health')) {
      o.metrics.http.inc({ status: '403' });
      return c.json(
        {
          name: 'OriginNotAllowedError',
          title: 'Origin not allowed',
          message: `This server does not serve pages from ${origin.slice(0, 100)}.`,
        },
        403,
      );
    }
    await next();
    if (c.res.status >= 400) o.metrics.http.inc({ status: String(c.res.status) });
  });

  app.get('/health', async (c) => {
    const h = await o.health();
    return c.json({ ok: true, mode: h.mode, providers: h.providers, queue: h.queue, workers: h.workers });
  });
  app.get('/health/ready', async (c) => {
    const h = await o.health();
    let reason = h.reason;
    if (!reason && h.queue.queued >= h.queue.capacity) reason = `the queue is full (${h.queue.capacity} waiting)`;
    if (reason) c.header('Retry-After', String(o.retryAfterS));
    return c.json({ ready: !reason, reason, sets: h.sets, providers: h.providers, queue: h.queue }, reason ? 503 : 200);
  });
  // The app's server check (src/state/backend-choice.ts).
  app.get('/api/health', async (c) => {
    const h = await o.health();
    return c.json({
      ok: true,
      sets: h.sets.map(({ id, label }) => ({ id, label })),
      providers: h.providers,
      busy: h.queue.queued + h.queue.running,
      ready: h.ready,
    });
  });
  app.get('/metrics', async (c) => c.text(await o.metrics.registry.metrics(), 200, { 'Content-Type': o.metrics.registry.contentType }));

  const keyed = requireKey(o.checkKey);
  for (const p of ['/api/jobs', '/api/jobs/*', '/generate', '/debug/*', '/models', '/preload']) app.use(p, keyed);
  app.route('/api/jobs', jobRoutes(o));
  app.route('/', seedRoutes(o));

  app.notFound((c) =>
    c.json({ name: 'NotFoundError', title: 'Not found', message: `No ${c.req.method} ${c.req.path.slice(0, 100)} here.` }, 404),
  );
  app.onError((e, c) => {
    if (e.name === 'BodyLimitError')
      return c.json(
        { name: 'PayloadTooLargeError', title: 'The request is too large', message: "The request body is over this server's limit." },
        413,
      );
    o.log.error({ err: { name: e.name, message: e.message } }, 'request failed');
    return c.json(publicError(e), 500);
  });
  return app;
}
