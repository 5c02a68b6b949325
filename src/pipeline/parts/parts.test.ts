import { describe, expect, it } from 'vitest';
import { dinoTokens } from '../../../models/model-set';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { fixtureSphere } from '../../../models/fixture/spheres';
import { createNodeContext } from '../../runtime/node-context';
import { createImage } from '../image';
import { AbortError } from '../progress';
import { combineGuidance, flowSigmas, flowStep, partIds } from './flow';
import { dinoPixelValues, resizedSize } from './preprocess';
import { encodeImage, predictParts, PartsSettingsError } from './run';

const d = FIXTURE_SET.dims;
const image = createImage(40, 30, [200, 120, 60, 255]);

describe('rectified flow pieces', () => {
  it('schedules σ from 1 down to 0 in equal steps', () => {
    expect([...flowSigmas(4)]).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(flowSigmas(50)[1] * 1000).toBeCloseTo(980, 3);
  });

  it('moves x by exactly the sum of step sizes under a constant velocity (sign is plus)', () => {
    const x = Float32Array.of(0, 1);
    const v = Float32Array.of(2, -1);
    const s = flowSigmas(5);
    for (let i = 0; i < 5; i++) flowStep(x, v, s[i], s[i + 1]);
    expect(x[0]).toBeCloseTo(2, 6);
    expect(x[1]).toBeCloseTo(0, 6);
  });

  it('combines guidance as uncond + g·(cond − uncond)', () => {
    expect([...combineGuidance(Float32Array.of(1, 2, 3, 5), 7)]).toEqual([1 + 7 * 2, 2 + 7 * 3]);
  });

  it('numbers parts over the whole batch: conditional rows get N…2N−1 under guidance', () => {
    expect([...partIds(3, true)]).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect([...partIds(3, false)]).toEqual([0n, 1n, 2n]);
  });
});

describe('DINO preprocessing', () => {
  it('resizes the shortest edge and truncates the long one', () => {
    expect(resizedSize(640, 480, 256)).toEqual([341, 256]);
    expect(resizedSize(480, 641, 256)).toEqual([256, 341]);
  });

  it('normalises a flat colour with the ImageNet statistics', () => {
    const px = dinoPixelValues(image, d);
    const S = d.dinoCrop;
    expect(px).toHaveLength(3 * S * S);
    for (const [c, v] of [[0, 200], [1, 120], [2, 60]]) {
      expect(px[c * S * S + 5 * S + 7]).toBeCloseTo((v / 255 - d.dinoMean[c]) / d.dinoStd[c], 5);
    }
  });
});

describe('parts stage on the fixture DiT', () => {
  async function closedForm(guidance: number) {
    const ctx = createNodeContext();
    const tokens = await encodeImage(ctx, image);
    expect(tokens).toHaveLength(dinoTokens(d) * d.dinoHidden);
    const m = tokens.reduce((a, b) => a + b, 0) / tokens.length;
    const latents = await predictParts(ctx, image, { numParts: 3, tokensPerPart: 8, steps: 6, guidance, seed: 11 });
    // Without guidance the context is the image itself; with it, uncond sees zeros: g·0.05·m.
    const tail = guidance > 1 ? guidance * 0.05 * m : 0.05 * m;
    return { latents, tail };
  }

  it.each([[7], [1]])('ends on the closed-form latents (guidance %d)', async (g) => {
    const { latents, tail } = await closedForm(g);
    expect([latents.numParts, latents.tokens, latents.channels]).toEqual([3, 8, d.partChannels]);
    for (let p = 0; p < 3; p++) {
      const s = fixtureSphere(p);
      for (const t of [0, 7]) {
        const row = latents.data.subarray((p * 8 + t) * d.partChannels, (p * 8 + t + 1) * d.partChannels);
        expect(row[0]).toBeCloseTo(s.centre[0], 4);
        expect(row[2]).toBeCloseTo(s.centre[2], 4);
        expect(row[3]).toBeCloseTo(s.radius, 4);
        expect(row[5]).toBeCloseTo(tail, 4);
      }
    }
  });

  it('reports step k/n and stops with AbortError when cancelled', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const ctx = createNodeContext(FIXTURE_SET, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.status === 'progress' && e.label === 'denoising') {
          steps.push(e.step);
          if (e.step === 3) controller.abort();
        }
      },
    });
    await expect(predictParts(ctx, image, { numParts: 2, tokensPerPart: 8, steps: 10, guidance: 7, seed: 1 })).rejects.toBeInstanceOf(AbortError);
    expect(steps).toEqual([1, 2, 3]);
  });

  it('refuses more parts than the set allows, in plain words', async () => {
    await expect(
      predictParts(createNodeContext(), image, { numParts: 17, tokensPerPart: 8, steps: 2, guidance: 7, seed: 1 }),
    ).rejects.toThrow(PartsSettingsError);
  });
});
