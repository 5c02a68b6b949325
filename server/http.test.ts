// The HTTP face of one embedded server (in-process queue), against a real server on a port: keys, limits,
// bounds before any work, CORS, security headers, the job API and its binary results, the seeds' API.
import { decode as decodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../models/sets/fixture';
import { decodeCloudBinary, decodeRgbaBinary, encodeRequest, type JobInfo } from '../src/backends/remote-wire';
import { createNodeContext } from '../src/runtime/node-context';
import { buildRequest, defaultSettings } from '../src/pipeline/settings';
import { startInProcess, testConfig, until } from './testing/in-process';
import { slowDit } from './testing/slow-dit';
import { postForAnswer, uploadThenRead } from './testing/early-answer';
import { readSse } from './testing/sse';

const KEY = 'test-key-1';
const K = { 'X-API-Key': KEY };
const request = encodeRequest(
  buildRequest(
    FIXTURE_SET,
    { ...defaultSettings(FIXTURE_SET), numParts: 2, partSteps: 3, gridResolution: 20, pointCount: 600, seed: 5 },
    { prompt: 'a chair' },
  ),
);
const settled: string[] = [];
let s: Awaited<ReturnType<typeof startInProcess>>;

beforeAll(async () => {
  const sets = new Map([[FIXTURE_SET.id, { set: FIXTURE_SET, ctx: slowDit(createNodeContext(FIXTURE_SET), 30) }]]);
  const env = {
    LUMEN_API_KEYS: `${KEY}, other-key`,
    LUMEN_RATE_PER_MIN: '40',
    LUMEN_QUEUE_CAP: '2',
    LUMEN_HEARTBEAT_MS: '100',
    LUMEN_BODY_LIMIT_MB: '4',
  };
  s = await startInProcess(testConfig(['--origin', 'https://app.example'], env), { sets, onSettled: (id) => settled.push(id) });
  await until(async () => (await fetch(`${s.url}/health/ready`)).status === 200);
});
afterAll(() => s.stop());

const post = (path: string, body: unknown, headers: Record<string, string> = K) =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const submit = async (body: unknown = request) => ((await (await post('/api/jobs', body)).json()) as { id: string }).id;
const info = async (id: string) => (await (await fetch(`${s.url}/api/jobs/${id}`, { headers: K })).json()) as JobInfo;
const settle = (id: string) => expect.poll(async () => (await info(id)).state, { timeout: 30_000 }).toMatch(/done|failed|cancelled/);

describe('keys', () => {
  it('refuses without a key or with a wrong one, accepts X-API-Key and Bearer; health stays open', async () => {
    expect((await post('/api/jobs', request, {})).status).toBe(401);
    expect((await post('/api/jobs', request, { 'X-API-Key': 'test-key-2' })).status).toBe(401);
    expect((await post('/api/jobs', request, { Authorization: `Bearer ${KEY}x` })).status).toBe(401);
    const bearer = await post('/api/jobs', request, { Authorization: 'Bearer other-key' });
    expect(bearer.status).toBe(202);
    await settle((await bearer.json()).id);
    expect((await fetch(`${s.url}/models`)).status).toBe(401);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
  });
});

describe('bounds before any work', () => {
  it('answers 413 from Content-Length before reading the body', async () => {
    const before = settled.length;
    // 50 MB declared, a few bytes sent, the rest never: only an answer that did not read the body returns.
    const { request: raw } = await import('node:http');
    const url = new URL(`${s.url}/api/jobs`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = raw(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...K, 'Content-Type': 'application/json', 'Content-Length': String(50 * 2 ** 20) },
        },
        (res) => {
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('{"prompt":"');
    });
    expect(status).toBe(413);
    expect(settled.length).toBe(before);
  });

  it('a 50 MB prompt and a 50 MP image are refused without a job', async () => {
    const depth0 = (await (await fetch(`${s.url}/health`)).json()).queue;
    const huge = postForAnswer(`${s.url}/api/jobs`, JSON.stringify({ ...request, prompt: 'x'.repeat(50 * 2 ** 20) }), K);
    const side = 7072; // 50 MP
    const declared = post('/api/jobs', { ...request, image: { width: side, height: side, rgba: 'AAAA' } });
    expect((await huge).status).toBe(413);
    const d = await declared;
    expect(d.status).toBe(400);
    expect((await d.json()).message).toMatch(/7072×7072 \(50\.0 MP\).*at most 4\.2 MP/);
    expect((await (await fetch(`${s.url}/health`)).json()).queue).toEqual(depth0);
  });

  it('a client that keeps uploading after a refusal, then reads, still gets the refusal (no reset first)', async () => {
    // Random body sizes and read delays: the answer must outlive the client's upload whatever its pace.
    // Refused from the head (length over the limit, or no key) or mid-body (chunked, no length to go by).
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cases = [
      { kind: 'declared', headers: K, status: 413, name: 'PayloadTooLargeError' },
      { kind: 'chunked', headers: K, status: 413, name: 'PayloadTooLargeError' },
      { kind: 'no key', headers: {}, status: 401, name: 'Unauthorized' },
    ];
    for (let i = 0; i < 9; i++) {
      const c = cases[i % cases.length];
      const declared = c.kind === 'chunked' ? 'chunked' : Math.round((5 + 60 * rnd()) * 2 ** 20);
      // A chunked body must pass the 4 MB limit to be refused at all.
      const sent = Math.round(2 ** 20 * ((c.kind === 'chunked' ? 5 : 1) + 7 * rnd()));
      const text = await uploadThenRead(new URL(s.url), c.headers, declared, sent, 100 + 300 * rnd());
      expect(text, `${c.kind}, ${sent} bytes sent`).toMatch(new RegExp(`^HTTP/1\\.1 ${c.status} `));
      expect(text).toContain(c.name);
    }
  });

  it('prompt and image bounds hold for random sizes either side of the limit', async () => {
    const cfg = testConfig(['--open']).bounds;
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 12; i++) {
      const chars = Math.round(cfg.maxPromptChars * (0.5 + rnd()));
      const res = await post('/api/jobs', { ...request, prompt: 'y'.repeat(chars) });
      expect(res.status, `${chars} characters`).toBe(chars > cfg.maxPromptChars ? 400 : 202);
      if (res.status === 202) await fetch(`${s.url}/api/jobs/${(await res.json()).id}`, { method: 'DELETE', headers: K });
      const w = 1 + Math.floor(rnd() * 4096);
      const h = Math.ceil((cfg.maxImagePixels * (0.5 + rnd())) / w);
      const img = await post('/api/jobs', { ...request, image: { width: w, height: h, rgba: '' } });
      const body = await img.json();
      // Over the limit: the size is named; under it, the (empty) pixels are.
      expect(body.message, `${w}×${h}`).toMatch(
        w * h > cfg.maxImagePixels ? /MP\); this server takes at most/ : /base64 characters of RGBA/,
      );
    }
  });

  it('bad bodies are plain 400s', async () => {
    expect((await post('/api/jobs', '{nope')).status).toBe(400);
    expect((await (await post('/api/jobs', { ...request, setId: 'real' })).json()).message).toMatch(/no model set "real".*fixture/);
    expect((await (await post('/api/jobs', { ...request, prompt: ' ' })).json()).message).toMatch(/prompt or an image/);
  });
});

describe('origins and headers', () => {
  it('serves the configured origin, refuses any other, and sets security headers', async () => {
    const ok = await fetch(`${s.url}/api/health`, { headers: { Origin: 'https://app.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    const evil = await post('/api/jobs', request, { ...K, Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${s.url}/api/jobs`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('jobs by id', () => {
  it('streams ids on every event, resumes after any of them, and serves the results as binary', async () => {
    const id = await submit();
    const all = await readSse(`${s.url}/api/jobs/${id}/events`, { headers: K });
    expect(all.events.at(-1)!.event).toBe('result');
    expect(all.events.every((e) => e.id)).toBe(true);
    // Resuming after event k gives exactly the rest.
    for (const k of [0, 3, all.events.length - 2]) {
      const rest = await readSse(`${s.url}/api/jobs/${id}/events`, { headers: K, lastEventId: all.events[k].id });
      expect(rest.events).toEqual(all.events.slice(k + 1));
    }
    const i = await info(id);
    expect(i).toMatchObject({ state: 'done', attempts: 1 });
    expect(Object.keys(i.timings).sort()).toEqual(['cutout', 'image', 'parts', 'points', 'text']);
    const get = async (f: string) => new Uint8Array(await (await fetch(`${s.url}/api/jobs/${id}/${f}`, { headers: K })).arrayBuffer());
    const cloud = decodeCloudBinary(await get('cloud.bin'));
    expect(cloud.partIds).toHaveLength(600);
    const ply = new TextDecoder().decode((await get('cloud.ply')).subarray(0, 400));
    expect(ply).toMatch(/element vertex 600[\s\S]*property uchar part_id/);
    const rgba = decodeRgbaBinary(await get('image.rgba'));
    const png = decodePng(await get('image.png'));
    expect([png.width, png.height, png.channels]).toEqual([rgba.width, rgba.height, 4]);
    expect(Buffer.from(png.data as Uint8Array).equals(Buffer.from(rgba.data))).toBe(true);
  });

  it('reports queue position and heartbeats while queued; DELETE cancels queued and running jobs; leaving a stream cancels nothing', async () => {
    const slow = { ...request, partSteps: 100 };
    const a = await submit(slow);
    const b = await submit(slow);
    expect(await info(b)).toMatchObject({ state: 'queued', position: 0 });
    const heard = await readSse(`${s.url}/api/jobs/${b}/events`, { headers: K, until: (r) => !!r.comment?.startsWith('queued') });
    expect(heard.records.some((r) => r.comment === 'queued, 0 ahead')).toBe(true);
    // A third waits too; a fourth finds the queue (capacity 2) full.
    const c = await submit(slow);
    const full = await post('/api/jobs', slow);
    expect(full.status, JSON.stringify([await info(a), await info(b), await info(c)])).toBe(503);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${s.url}/health/ready`)).status).toBe(503);
    // Leaving a's stream mid-run does not stop it.
    const ac = new AbortController();
    await readSse(`${s.url}/api/jobs/${a}/events`, {
      headers: K,
      signal: ac.signal,
      until: (r) => r.event === 'progress' && (r.data as { stage: string }).stage === 'parts',
    });
    ac.abort();
    expect((await (await fetch(`${s.url}/api/jobs/${b}`, { method: 'DELETE', headers: K })).json()).state).toBe('cancelled');
    await expect.poll(async () => (await info(c)).state, { timeout: 20_000 }).toBe('running');
    expect((await info(a)).state).toBe('done');
    const cancelled = await (await fetch(`${s.url}/api/jobs/${c}`, { method: 'DELETE', headers: K })).json();
    expect(cancelled.state).toBe('cancelled');
    const end = await readSse(`${s.url}/api/jobs/${c}/events`, { headers: K });
    expect(end.events.at(-1)).toMatchObject({ event: 'error', data: { name: 'AbortError' } });
    expect((await fetch(`${s.url}/api/jobs/nope`, { headers: K })).status).toBe(404);
  });

  it('limits each key to its generations a minute with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retry: string | null = null;
    for (let i = 0; i < 45; i++) {
      const res = await post('/api/jobs', { ...request, prompt: '' });
      statuses.push(res.status);
      if (res.status === 429) retry = res.headers.get('retry-after');
    }
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThan(0);
    expect(Number(retry)).toBeGreaterThanOrEqual(1);
    expect(Number(retry)).toBeLessThanOrEqual(60);
    // The other key has its own budget.
    expect((await post('/api/jobs', { ...request, prompt: '' }, { 'X-API-Key': 'other-key' })).status).toBe(400);
  });
});

describe("the seeds' API", () => {
  const O = { 'X-API-Key': 'other-key' };
  it('/generate gives points with part ids and timings; /debug/generate-mesh counts; /debug/generate-image a PNG', async () => {
    const gen = await (
      await post('/generate', { prompt: 'a mug', numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 300, setId: 'fixture' }, O)
    ).json();
    expect(gen.points).toHaveLength(300);
    expect(gen.part_ids).toHaveLength(300);
    expect(new Set(gen.part_ids).size).toBe(2);
    expect(gen.timings.parts).toBeGreaterThan(0);
    const mesh = await (
      await post('/debug/generate-mesh', { prompt: 'a mug', numParts: 3, partSteps: 2, gridResolution: 20, pointCount: 500 }, O)
    ).json();
    expect(mesh, JSON.stringify(mesh).slice(0, 300)).toHaveProperty('vertex_counts');
    expect(mesh.vertex_counts.reduce((a: number, b: number) => a + b, 0)).toBe(500);
    expect(mesh.parts).toHaveLength(3);
    expect(Object.keys(mesh.timings)).toContain('points');
    const img = await post('/debug/generate-image', { prompt: 'a mug' }, O);
    expect(img.headers.get('content-type')).toBe('image/png');
    const png = decodePng(new Uint8Array(await img.arrayBuffer()));
    expect([png.width, png.height]).toEqual([FIXTURE_SET.dims.imageSize, FIXTURE_SET.dims.imageSize]);
    const models = await (await fetch(`${s.url}/models`, { headers: O })).json();
    expect(models.sets[0]).toMatchObject({ id: 'fixture', state: 'ready' });
    expect(Object.values(models.sets[0].providers)).toContain('cpu');
    expect((await post('/preload', {}, O)).status).toBe(202);
    const health = await (await fetch(`${s.url}/health`)).json();
    expect(health).toMatchObject({ ok: true, mode: 'embedded', providers: ['cpu'] });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/lumen_jobs_total\{outcome="done"\} [1-9]/);
    expect(metrics).toMatch(/lumen_queue_depth\{state="queued"\} 0/);
    expect(metrics).toMatch(/lumen_stage_seconds_count\{stage="parts"\} [1-9]/);
    expect(metrics).toMatch(/lumen_provider_in_use\{provider="cpu"\} 1/);
  });
});

describe('results are kept for the configured time', () => {
  it('serves a finished job until its TTL, then answers 404', async () => {
    const sets = new Map([[FIXTURE_SET.id, { set: FIXTURE_SET, ctx: createNodeContext(FIXTURE_SET) }]]);
    const short = await startInProcess(testConfig(['--open'], { LUMEN_RESULT_TTL_S: '1' }), { sets });
    try {
      const res = await fetch(`${short.url}/api/jobs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
      const { id } = await res.json();
      await readSse(`${short.url}/api/jobs/${id}/events`);
      expect((await fetch(`${short.url}/api/jobs/${id}/cloud.bin`)).status).toBe(200);
      await until(async () => (await fetch(`${short.url}/api/jobs/${id}/cloud.bin`)).status === 404, 5000);
      expect((await fetch(`${short.url}/api/jobs/${id}`)).status).toBe(404);
    } finally {
      await short.stop();
    }
  });
});

describe('health says what runs', () => {
  it('reports the provider the graphs took, not the list configured', async () => {
    const cfg = testConfig(['--open', '--providers', 'cuda,cpu']);
    expect(cfg.providers).toEqual(['cuda', 'cpu']);
    // No CUDA build here (or on CI): every graph falls back to the CPU, and health says so.
    const srv = await startInProcess(cfg);
    try {
      await until(async () => (await fetch(`${srv.url}/health/ready`)).status === 200);
      expect((await (await fetch(`${srv.url}/health`)).json()).providers).toEqual(['cpu']);
    } finally {
      await srv.stop();
    }
  });
});
