import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { AbortError } from '../leaf/abort';
import { createNodeContext } from '../runtime/node-context';
import { defaultSettings, buildRequest } from '../pipeline/settings';
import { inProcessStages } from './node-stages';
import { runPlan } from './run-plan';

const request = buildRequest(FIXTURE_SET, { ...defaultSettings(FIXTURE_SET), numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 700 }, { prompt: 'a cup' });

describe('runPlan', () => {
  it('runs every stage in order, shows both pictures, and passes the query batch to geometry', async () => {
    const stages: string[] = [];
    const ctx = createNodeContext(FIXTURE_SET, { onProgress: (e) => e.status === 'done' && stages.push(e.stage) });
    const base = inProcessStages(ctx);
    let batch: number | undefined;
    const images: string[] = [];
    const cloud = await runPlan(request, { ...base, geometry: (l, o) => ((batch = o.queryBatch), base.geometry(l, o)) }, {
      signal: new AbortController().signal,
      onImage: (kind, img) => images.push(`${kind} ${img.width}`),
      queryBatch: (tokens) => 100 * tokens,
    });
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
    for (let i = 0; i < img.data.length; i += 4) if ((i / 4) % 32 > 8 && (i / 4) % 32 < 24 && i / 128 > 8 && i / 128 < 24) img.data.fill(40, i, i + 3);
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
    await expect(runPlan({ ...request, image: img }, stages, { signal: controller.signal, onImage: () => undefined })).rejects.toThrow(AbortError);
    expect(called).toEqual(['cutout']);
  });
});
