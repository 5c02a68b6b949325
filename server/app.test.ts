import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../models/sets/fixture';
import { inProcessStages } from '../src/backends/node-stages';
import { createRemoteBackend } from '../src/backends/remote';
import { runPlan } from '../src/backends/run-plan';
import type { ProgressEvent } from '../src/leaf/progress';
import { createNodeContext } from '../src/runtime/node-context';
import { buildRequest, defaultSettings } from '../src/pipeline/settings';
import { startInProcess, testConfig } from './testing/in-process';

let server: Awaited<ReturnType<typeof startInProcess>>;
let url: string;
const settled: [string, number][] = [];

beforeAll(async () => {
  const sets = new Map([[FIXTURE_SET.id, { set: FIXTURE_SET, ctx: createNodeContext(FIXTURE_SET) }]]);
  server = await startInProcess(testConfig(), { sets, onSettled: (_id, o, steps) => settled.push([o, steps ?? 0]) });
  url = server.url;
});

afterAll(() => server.stop());

const request = buildRequest(
  FIXTURE_SET,
  { ...defaultSettings(FIXTURE_SET), numParts: 2, partSteps: 3, gridResolution: 20, pointCount: 800, seed: 9 },
  { prompt: 'a lamp' },
);

function handlers(signal = new AbortController().signal) {
  const events: ProgressEvent[] = [];
  const images: string[] = [];
  return { events, images, h: { signal, onProgress: (e: ProgressEvent) => events.push(e), onImage: (k: string) => images.push(k) } };
}

describe('remote backend against the Lumen server', () => {
  it('gives exactly the cloud an in-process run gives, with every stage reported and both pictures', async () => {
    const { events, images, h } = handlers();
    const cloud = await createRemoteBackend(url).generate(request, h);
    const local = await runPlan(request, inProcessStages(createNodeContext(FIXTURE_SET)), { signal: h.signal, onImage: () => undefined });
    expect(cloud.positions).toEqual(local.positions);
    expect(cloud.partIds).toEqual(local.partIds);
    expect(cloud.partNames).toEqual(local.partNames);
    expect(events.filter((e) => e.status === 'done').map((e) => e.stage)).toEqual(['text', 'image', 'cutout', 'parts', 'points']);
    expect(events.some((e) => e.status === 'progress' && e.stage === 'parts')).toBe(true);
    expect(images).toEqual(['image', 'cutout']);
  });

  it('cancels the run when the client aborts, and serves the next one', async () => {
    const controller = new AbortController();
    const { h } = handlers(controller.signal);
    const slow = { ...request, partSteps: 100 };
    const run = createRemoteBackend(url).generate(slow, {
      ...h,
      onProgress: (e) => e.status === 'progress' && e.stage === 'parts' && e.step >= 2 && controller.abort(),
    });
    await expect(run).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    // The server stopped its step loop, well before the 100 steps asked for.
    await expect.poll(() => settled.at(-1)?.[0]).toBe('cancelled');
    expect(settled.at(-1)![1]).toBeLessThan(50);
    const next = handlers();
    const cloud = await createRemoteBackend(url).generate(request, next.h);
    expect(cloud.partIds).toHaveLength(800);
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, busy: 0, sets: [{ id: 'fixture' }], providers: ['cpu'] });
  });

  it('queues a second run behind the first and says so', async () => {
    const a = handlers();
    const b = handlers();
    const backend = createRemoteBackend(url);
    const [ca, cb] = await Promise.all([backend.generate(request, a.h), backend.generate({ ...request, seed: 10 }, b.h)]);
    expect(ca.partIds).toHaveLength(800);
    expect(cb.positions).not.toEqual(ca.positions);
    const waited = [a, b].filter((x) => x.events.some((e) => e.status === 'info' && /Waiting for the server: 1 run/.test(e.message)));
    expect(waited).toHaveLength(1);
  });

  it('refuses a request for a set it does not hold, or without prompt and image, in plain words', async () => {
    const backend = createRemoteBackend(url);
    await expect(backend.generate({ ...request, setId: 'real' }, handlers().h)).rejects.toThrow(/no model set "real".*fixture/);
    await expect(backend.generate({ ...request, prompt: '  ' }, handlers().h)).rejects.toThrow(/prompt or an image/);
    await expect(createRemoteBackend('http://127.0.0.1:1').generate(request, handlers().h)).rejects.toThrow(
      /Could not reach the Lumen server/,
    );
  });
});
