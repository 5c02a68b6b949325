import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { AbortError } from '../leaf/abort';
import { createNodeContext } from '../runtime/node-context';
import { defaultSettings, buildRequest } from '../pipeline/settings';
import { inProcessStages } from './node-stages';
import { createRng } from '../pipeline/random';
import type { GenerateRequest } from '../pipeline/request';
import { reusable, runPlan, type StageOutputs } from './run-plan';

const request = buildRequest(
  FIXTURE_SET,
  { ...defaultSettings(FIXTURE_SET), numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 700 },
  { prompt: 'a cup' },
);

describe('runPlan', () => {
  it('runs every stage in order, shows both pictures, and passes the query batch to geometry', async () => {
    const stages: string[] = [];
    const ctx = createNodeContext(FIXTURE_SET, { onProgress: (e) => e.status === 'done' && stages.push(e.stage) });
    const base = inProcessStages(ctx);
    let batch: number | undefined;
    const images: string[] = [];
    const cloud = await runPlan(
      request,
      { ...base, geometry: (l, o) => ((batch = o.queryBatch), base.geometry(l, o)) },
      {
        signal: new AbortController().signal,
        onImage: (kind, img) => images.push(`${kind} ${img.width}`),
        queryBatch: (tokens) => 100 * tokens,
      },
    );
    expect(stages).toEqual(['text', 'image', 'cutout', 'parts', 'points']);
    expect(images[0]).toBe(`image ${FIXTURE_SET.dims.imageSize}`);
    expect(images[1]).toMatch(/^cutout /);
    expect(batch).toBe(100 * request.tokensPerPart);
    expect(cloud.partIds).toHaveLength(700);
    expect(new Set(cloud.partIds)).toEqual(new Set([0, 1]));
  });

  it('skips text to image for an uploaded picture, and stops between stages on abort', async () => {
    const ctx = createNodeContext(FIXTURE_SET);
    const base = inProcessStages(ctx);
    const img = { width: 32, height: 32, data: new Uint8ClampedArray(32 * 32 * 4).fill(255) };
    for (let i = 0; i < img.data.length; i += 4)
      if ((i / 4) % 32 > 8 && (i / 4) % 32 < 24 && i / 128 > 8 && i / 128 < 24) img.data.fill(40, i, i + 3);
    const called: string[] = [];
    const controller = new AbortController();
    const stages = {
      ...base,
      textToImage: () => Promise.reject(new Error('must not run')),
      cutout: async (image: typeof img) => {
        called.push('cutout');
        const r = await base.cutout(image);
        controller.abort();
        return r;
      },
      parts: () => {
        called.push('parts');
        return Promise.reject(new Error('must not run after the abort'));
      },
    };
    await expect(runPlan({ ...request, image: img }, stages, { signal: controller.signal, onImage: () => undefined })).rejects.toThrow(
      AbortError,
    );
    expect(called).toEqual(['cutout']);
  });
});

describe('reusable', () => {
  const img = (v: number) => ({ width: 2, height: 2, data: new Uint8ClampedArray(16).fill(v) });
  const latents = { numParts: 2, tokens: 1, channels: 1, data: new Float32Array(2) };
  const outputsOf = (r: GenerateRequest): StageOutputs => ({ request: r, image: img(1), cutout: img(2), latents });
  type Field = keyof GenerateRequest;
  const picture: Field[] = ['prompt', 'seed', 'imageSteps', 'setId'];
  const parts: Field[] = ['numParts', 'tokensPerPart', 'partSteps', 'guidance', 'partsSeed'];
  const geometry: Field[] = ['gridResolution', 'pointCount'];
  const changed = (r: GenerateRequest, f: Field, rng: { next(): number }): GenerateRequest => {
    const v = r[f];
    return { ...r, [f]: typeof v === 'string' ? `${v}!` : (typeof v === 'number' ? v : 0) + 1 + Math.floor(rng.next() * 5) };
  };

  it('reuses the picture and cutout for any parts change, the latents for any geometry change, nothing for a picture change', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 200; trial++) {
      const prev = outputsOf(request);
      // One to three fields changed, from one or more groups.
      const fields = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => {
        const all = [...picture, ...parts, ...geometry];
        return all[Math.floor(rng.next() * all.length)];
      });
      const next = fields.reduce((r, f) => changed(r, f, rng), request);
      const r = reusable(prev, next);
      const touches = (g: Field[]) => fields.some((f) => g.includes(f));
      const keys = Object.keys(r).sort();
      if (touches(picture)) expect(keys, fields.join()).toEqual([]);
      else if (touches(parts)) expect(keys, fields.join()).toEqual(['cutout', 'image']);
      else expect(keys, fields.join()).toEqual(['cutout', 'image', 'latents']);
    }
  });

  it('a parts seed equal to the run seed is no change; an uploaded image is reused only when it is the same one', () => {
    const prev = outputsOf(request);
    expect(Object.keys(reusable(prev, { ...request, partsSeed: request.seed }))).toHaveLength(3);
    const upload = img(9);
    const withUpload = outputsOf({ ...request, image: upload });
    expect(reusable(withUpload, { ...request, image: upload }).latents).toBe(latents);
    expect(reusable(withUpload, { ...request, image: img(9) })).toEqual({});
    expect(reusable(withUpload, request)).toEqual({});
    expect(reusable(prev, { ...request, image: upload })).toEqual({});
    expect(reusable(undefined, request)).toEqual({});
  });
});

describe('runPlan from reused outputs', () => {
  it('starts at the first stage not reused and gives the same cloud as the full run', async () => {
    const ctx = createNodeContext(FIXTURE_SET);
    const base = inProcessStages(ctx);
    const kept: { image?: unknown; cutout?: unknown; latents?: unknown } = {};
    const full = await runPlan(request, base, {
      signal: new AbortController().signal,
      onImage: (kind, image) => (kept[kind] = image),
      onLatents: (l) => (kept.latents = l),
    });
    const prev = { request, ...kept } as StageOutputs;
    const ran: string[] = [];
    const counting = {
      textToImage: (a: Parameters<typeof base.textToImage>[0]) => (ran.push('image'), base.textToImage(a)),
      cutout: (i: Parameters<typeof base.cutout>[0]) => (ran.push('cutout'), base.cutout(i)),
      parts: (i: Parameters<typeof base.parts>[0], o: Parameters<typeof base.parts>[1]) => (ran.push('parts'), base.parts(i, o)),
      geometry: (l: Parameters<typeof base.geometry>[0], o: Parameters<typeof base.geometry>[1]) => (
        ran.push('points'), base.geometry(l, o)
      ),
    };
    const again = await runPlan(request, counting, {
      signal: new AbortController().signal,
      onImage: () => undefined,
      reuse: reusable(prev, request),
    });
    expect(ran).toEqual(['points']);
    expect(again.positions).toEqual(full.positions);
    // The kept latents survive the geometry stage (it got a copy), so a third run can start from them.
    expect(prev.latents.data.length).toBeGreaterThan(0);
    ran.length = 0;
    const moreParts = { ...request, numParts: 3 };
    const three = await runPlan(moreParts, counting, {
      signal: new AbortController().signal,
      onImage: () => undefined,
      reuse: reusable(prev, moreParts),
    });
    expect(ran).toEqual(['parts', 'points']);
    expect(new Set(three.partIds)).toEqual(new Set([0, 1, 2]));
  });
});
