import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createNodeContext } from '../../runtime/node-context';
import { createImage } from '../image';
import type { ProgressEvent } from '../../leaf/progress';
import { AbortError } from '../../leaf/abort';
import { encodeImage, predictParts, PartsSettingsError } from './run';

const d = FIXTURE_SET.dims;
const image = createImage(40, 30, [200, 120, 60, 255]);
for (let y = 8; y < 22; y++) for (let x = 12; x < 28; x++) image.data.set([30, 60, 220, 255], (y * 40 + x) * 4);

/**
 * Row p of the fixture DiT's target, from its description: centre = 0.65 × the p-th point of a 16-point
 * Fibonacci sphere (golden-angle spiral, y from top to bottom at half-step offsets), radius 0.2 − 0.005p.
 */
function target(p: number): number[] {
  const y = 1 - (2 * p + 1) / 16;
  const ring = Math.sqrt(1 - y * y);
  const phi = p * Math.PI * (3 - Math.sqrt(5));
  return [0.65 * ring * Math.cos(phi), 0.65 * y, 0.65 * ring * Math.sin(phi), 0.2 - 0.005 * p];
}

describe('parts stage on the fixture DiT', () => {
  it('targets points on a sphere of radius 0.65 with shrinking radii (sanity of the table above)', () => {
    for (let p = 0; p < 16; p++) expect(Math.hypot(...target(p).slice(0, 3))).toBeCloseTo(0.65, 10);
  });

  it.each([
    { numParts: 3, steps: 6, guidance: 7 },
    { numParts: 3, steps: 6, guidance: 1 },
    { numParts: 3, steps: 4, guidance: 0.5 },
    { numParts: 1, steps: 1, guidance: 3 },
  ])('ends on the closed-form latents ($numParts parts, $steps steps, guidance $guidance)', async (o) => {
    const ctx = createNodeContext();
    const tokens = await encodeImage(ctx, image);
    const m = tokens.reduce((a, b) => a + b, 0) / tokens.length;
    expect(Math.abs(m)).toBeGreaterThan(1e-3); // otherwise the tail check below proves nothing
    const T = 8;
    const latents = await predictParts(ctx, image, {
      numParts: o.numParts,
      tokensPerPart: T,
      steps: o.steps,
      guidance: o.guidance,
      seed: 11,
    });
    expect([latents.numParts, latents.tokens, latents.channels]).toEqual([o.numParts, T, d.partChannels]);
    expect(latents.data).toHaveLength(o.numParts * T * d.partChannels);
    // Under guidance the unconditional context is all zeros, so its target tail is 0: g·0.05·m.
    // Without it there is only the conditional branch: 0.05·m.
    const tail = o.guidance > 1 ? o.guidance * 0.05 * m : 0.05 * m;
    for (let p = 0; p < o.numParts; p++) {
      const a = target(p);
      for (let t = 0; t < T; t++) {
        const row = latents.data.subarray((p * T + t) * d.partChannels, (p * T + t + 1) * d.partChannels);
        for (let c = 0; c < d.partChannels; c++) expect(row[c]).toBeCloseTo(c < 4 ? a[c] : tail, 4);
      }
    }
  });

  it('is deterministic for a seed', async () => {
    const opts = { numParts: 2, tokensPerPart: 8, steps: 3, guidance: 7, seed: 5 };
    const a = await predictParts(createNodeContext(), image, opts);
    const b = await predictParts(createNodeContext(), image, opts);
    expect(b.data).toEqual(a.data);
  });

  it('reports step k/n for the parts stage and stops with AbortError when cancelled', async () => {
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const ctx = createNodeContext(FIXTURE_SET, {
      signal: controller.signal,
      onProgress: (e) => {
        events.push(e);
        if (e.status === 'progress' && e.step === 3) controller.abort();
      },
    });
    const run = predictParts(ctx, image, { numParts: 2, tokensPerPart: 8, steps: 10, guidance: 7, seed: 1 });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(events.every((e) => e.stage === 'parts')).toBe(true);
    const steps = events.flatMap((e) => (e.status === 'progress' ? [[e.step, e.total]] : []));
    expect(steps).toEqual([
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    expect(events.some((e) => e.status === 'done')).toBe(false);
  });

  it('refuses settings it cannot run, in plain words, before loading anything', async () => {
    const ctx = createNodeContext();
    const base = { numParts: 2, tokensPerPart: 8, steps: 2, guidance: 7, seed: 1 };
    await expect(predictParts(ctx, image, { ...base, numParts: d.maxParts + 1 })).rejects.toThrow(PartsSettingsError);
    await expect(predictParts(ctx, image, { ...base, numParts: d.maxParts + 1 })).rejects.toThrow(/from 1 to 16/);
    await expect(predictParts(ctx, image, { ...base, numParts: 0 })).rejects.toThrow(PartsSettingsError);
    await expect(predictParts(ctx, image, { ...base, steps: 0 })).rejects.toThrow(PartsSettingsError);
    await expect(predictParts(ctx, image, { ...base, tokensPerPart: 2.5 })).rejects.toThrow(PartsSettingsError);
  });

  it('runs the largest allowed part count under guidance (part ids up to 2·maxParts − 1)', async () => {
    const N = d.maxParts;
    const latents = await predictParts(createNodeContext(), image, { numParts: N, tokensPerPart: 8, steps: 2, guidance: 7, seed: 2 });
    const last = latents.data.subarray((N - 1) * 8 * d.partChannels, (N - 1) * 8 * d.partChannels + 4);
    target(N - 1).forEach((v, c) => expect(last[c]).toBeCloseTo(v, 4));
  });
});
