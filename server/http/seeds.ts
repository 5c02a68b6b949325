// The API of the servers this project grew from, answered by the same jobs: POST /generate (prompt in;
// points with part ids and timings out), POST /debug/generate-image (the text-to-image picture as PNG),
// POST /debug/generate-mesh (parts, their point counts and per-stage timings), GET /models and
// POST /preload. Each call is one job by id underneath, so it shares the queue, limits and workers; a
// caller that hangs up cancels it (these calls have no id to come back to).
import { Hono, type Context } from 'hono';
import { encode as encodePng } from 'fast-png';
import { FINAL_EVENTS, decodeCloudBinary, decodeRgbaBinary, type JobEvents } from '../../src/backends/remote-wire';
import type { ErrorDescription } from '../../src/runtime/errors';
import type { StoredEvent } from '../jobs/types';
import { admit, bodyGuard, type JobRoutesOptions } from './jobs-routes';

type Env = { Variables: { keyId: string } };

export interface SeedRoutesOptions extends JobRoutesOptions {
  models: () => unknown;
  preload: () => Promise<void> | void;
}

/** Reads a job's events until `stop` says so or a final one arrives; cancels the job if the caller leaves. */
async function follow(c: Context, o: SeedRoutesOptions, id: string, stop: (e: StoredEvent) => boolean): Promise<StoredEvent> {
  const signal = c.req.raw.signal;
  const leave = () => void o.jobs.cancel(id);
  signal.addEventListener('abort', leave);
  try {
    let after: string | undefined;
    for (;;) {
      for (const e of await o.jobs.read(id, after, o.heartbeatMs, signal)) {
        after = e.id;
        if (stop(e) || FINAL_EVENTS.includes(e.event)) return e;
      }
      if (signal.aborted) throw new Error('caller left');
    }
  } finally {
    signal.removeEventListener('abort', leave);
  }
}

const failed = (c: Context, e: StoredEvent) => {
  const d = e.data as ErrorDescription;
  return c.json({ ...d, detail: d.message }, d.name === 'AbortError' ? 409 : 500);
};

export function seedRoutes(o: SeedRoutesOptions) {
  const app = new Hono<Env>();
  // The seeds took a bare prompt body as well as Lumen's request: fill in the first set when none is named.
  const withSet = async (c: Context<Env>) => {
    const body = await c.req.json().catch(() => undefined);
    if (body && typeof body === 'object' && !('setId' in body)) (body as { setId: string }).setId = [...o.sets.keys()].at(-1)!;
    return body;
  };
  const submit = async (c: Context<Env>) => {
    return admit(c, o, { body: await withSet(c) });
  };

  app.post('/generate', bodyGuard(o.bodyLimitBytes), async (c) => {
    const r = await submit(c);
    if (r instanceof Response) return r;
    const end = await follow(c, o, r.id, () => false);
    if (end.event === 'error') return failed(c, end);
    const cloud = decodeCloudBinary((await o.jobs.part(r.id, 'cloud'))!);
    const points: number[][] = [];
    for (let i = 0; i < cloud.partIds.length; i++)
      points.push([cloud.positions[3 * i], cloud.positions[3 * i + 1], cloud.positions[3 * i + 2]]);
    const result = end.data as JobEvents['result'];
    return c.json({ job_id: r.id, points, part_ids: [...cloud.partIds], part_names: cloud.partNames, timings: result.timings });
  });

  app.post('/debug/generate-image', bodyGuard(o.bodyLimitBytes), async (c) => {
    const r = await submit(c);
    if (r instanceof Response) return r;
    const end = await follow(c, o, r.id, (e) => e.event === 'image' && (e.data as JobEvents['image']).kind === 'image');
    if (end.event === 'error') return failed(c, end);
    const bytes = await o.jobs.part(r.id, 'image');
    if (end.event === 'image') void o.jobs.cancel(r.id); // the picture was all that was asked for
    const img = decodeRgbaBinary(bytes!);
    const png = encodePng({ width: img.width, height: img.height, data: new Uint8Array(img.data.buffer), depth: 8, channels: 4 });
    return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/png', 'X-Job-Id': r.id });
  });

  app.post('/debug/generate-mesh', bodyGuard(o.bodyLimitBytes), async (c) => {
    const r = await submit(c);
    if (r instanceof Response) return r;
    const end = await follow(c, o, r.id, () => false);
    if (end.event === 'error') return failed(c, end);
    const cloud = decodeCloudBinary((await o.jobs.part(r.id, 'cloud'))!);
    const counts = cloud.partNames.map(() => 0);
    for (const p of cloud.partIds) counts[p]++;
    return c.json({
      job_id: r.id,
      parts: cloud.partNames.map((name, i) => ({ id: i, name, points: counts[i], empty: cloud.emptyParts.includes(i) })),
      vertex_counts: counts,
      failed_parts: cloud.failedParts,
      timings: (end.data as JobEvents['result']).timings,
    });
  });

  app.get('/models', (c) => c.json(o.models()));
  app.post('/preload', async (c) => {
    await o.preload();
    return c.json({ started: true, models: o.models() }, 202);
  });
  return app;
}
