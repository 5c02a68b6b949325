// End to end on the fixture set (onnxruntime-node, real ONNX graphs). The expected latent is computed
// here from the fixture graphs' closed forms (models/fixture/DESIGN-NOTES.md), in float64, rounding to
// float16 exactly where the graphs' boundaries do; the pipeline code is not reused for it.
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { latentSide } from '../../../models/model-set';
import { createNodeContext } from '../../runtime/node-context';
import { fromHalfArray, toHalfArray } from '../../leaf/float16';
import type { StageContext } from '../../runtime/context';
import type { ProgressEvent } from '../../leaf/progress';
import { AbortError } from '../../leaf/abort';
import { createRng } from '../random';
import { decodeLatent } from './decode';
import { denoise } from './denoise';
import { encodePrompt } from './encode-prompt';
import { textToImage } from './run';
import { loadClipTokenizer } from './tokenize';

const D = FIXTURE_SET.dims;
const SIDE = latentSide(D);
const N = D.latentChannels * SIDE * SIDE;
const PROMPT = 'a wise old owl!';
// Spec table (§1.5), float32 diffusers values: an independent copy, not the scheduler's output.
const TIMESTEPS: Record<number, number[]> = { 1: [999], 2: [999, 499], 3: [999, 666, 332], 4: [999, 749, 499, 249] };
const SIGMAS: Record<number, number[]> = {
  1: [14.614655, 0],
  2: [14.614655, 1.612887, 0],
  3: [14.614655, 2.918308, 0.929214, 0],
  4: [14.614655, 4.081732, 1.612887, 0.693205, 0],
};

const half = (v: number): number => fromHalfArray(toHalfArray([v]))[0];
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

let ctx: StageContext;
let ids1: number[];
let ids2: number[];

beforeAll(async () => {
  ctx = createNodeContext(FIXTURE_SET);
  ids1 = (await loadClipTokenizer(ctx.assets, FIXTURE_SET.tokenizers.clip1)).encode(PROMPT, D.textLength);
  ids2 = (await loadClipTokenizer(ctx.assets, FIXTURE_SET.tokenizers.clip2)).encode(PROMPT, D.textLength);
});

/** The constant part of the fixture UNet's ε: 0.25·(mean(ehs) + mean(text_embeds)) + 0.0001·mean(time_ids). */
function conditioningOffset(): number {
  let sum = 0;
  for (const id of ids1) for (let j = 0; j < D.textHidden1; j++) sum += half(0.5 * Math.sin(0.37 * id + 1.3 * j));
  for (const id of ids2) for (let j = 0; j < D.textHidden2; j++) sum += half(0.5 * Math.cos(0.23 * id + 0.7 * j));
  const meanHidden = sum / (D.textLength * (D.textHidden1 + D.textHidden2));
  const eos = ids2.indexOf(Math.max(...ids2));
  let pooled = 0;
  for (let j = 0; j < D.pooledDim; j++) pooled += half(0.5 * Math.cos(0.23 * ids2[eos] + 0.7 * j));
  const s = D.imageSize;
  return 0.25 * (meanHidden + pooled / D.pooledDim) + 0.0001 * mean([s, s, 0, 0, s, s]);
}

/** Euler-ancestral over the fixture UNet in float64, with the pipeline's documented noise draw order. */
function expectedLatent(seed: number, steps: number): Float64Array {
  const rng = createRng(seed);
  const draw = () => Float64Array.from({ length: N }, () => rng.normal());
  const sig = SIGMAS[steps];
  const offset = conditioningOffset();
  const x = draw().map((z) => z * sig[0]);
  for (let i = 0; i < steps; i++) {
    const from = sig[i];
    const to = sig[i + 1];
    const t = half(TIMESTEPS[steps][i]);
    const eps = x.map((v) => half(0.5 * half(v / Math.sqrt(from * from + 1)) + offset + 0.001 * t));
    const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
    const down = Math.sqrt(to * to - up * up);
    const z = i < steps - 1 ? draw() : null;
    for (let k = 0; k < N; k++) x[k] = x[k] + eps[k] * (down - from) + (z ? up * z[k] : 0);
  }
  return x;
}

/** Centre pixel of the fixture VAE's disc: 0.4·sin(mean latent channel c + 2c) − 0.2, as a byte. */
function expectedDisc(latent: ArrayLike<number>): number[] {
  const hw = SIDE * SIDE;
  return [0, 1, 2].map((c) => {
    let s = 0;
    for (let i = 0; i < hw; i++) s += half(latent[c * hw + i] / D.vaeScalingFactor);
    const v = half(0.4 * Math.sin(s / hw + 2 * c) - 0.2);
    return Math.round((v / 2 + 0.5) * 255);
  });
}

function pixel(img: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(i, i + 4));
}

describe('text-to-image on the fixture set', () => {
  for (const steps of [1, 2, 3, 4]) {
    it(`${steps}-step loop reproduces the closed-form final latent`, async () => {
      const cond = await encodePrompt(ctx, PROMPT);
      const got = await denoise(ctx, cond, { seed: 1234, steps });
      const want = expectedLatent(1234, steps);
      expect(got.length).toBe(N);
      let maxErr = 0;
      let sumErr = 0;
      for (let i = 0; i < N; i++) {
        const e = Math.abs(got[i] - want[i]);
        maxErr = Math.max(maxErr, e);
        sumErr += e;
      }
      const scale = Math.max(...Array.from(want, Math.abs));
      expect(scale).toBeGreaterThan(0.5); // the latent is not trivially zero
      // float16 boundaries: a rare one-ulp flip of ε (≈2⁻⁹ at |ε|≈2) is scaled by σ₀ ≈ 14.6.
      expect(maxErr).toBeLessThan(0.05);
      expect(sumErr / N).toBeLessThan(2e-3);
    });
  }

  it('decodes to the fixture disc on white with the closed-form colour', async () => {
    const img = await textToImage(ctx, { prompt: PROMPT, seed: 7, steps: 2 });
    expect(img.width).toBe(D.imageSize);
    expect(img.height).toBe(D.imageSize);
    expect(pixel(img, 0, 0)).toEqual([255, 255, 255, 255]);
    const centre = pixel(img, D.imageSize / 2, D.imageSize / 2);
    expect(centre[3]).toBe(255);
    const want = expectedDisc(expectedLatent(7, 2));
    for (let c = 0; c < 3; c++) expect(Math.abs(centre[c] - want[c])).toBeLessThanOrEqual(1);
    expect(centre.slice(0, 3)).not.toEqual([255, 255, 255]);
  });

  it('same seed → identical image and latent; different seed → different latent and image', async () => {
    const a = await textToImage(ctx, { prompt: PROMPT, seed: 42, steps: 3 });
    const b = await textToImage(ctx, { prompt: PROMPT, seed: 42, steps: 3 });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    const cond = await encodePrompt(ctx, PROMPT);
    const la = await denoise(ctx, cond, { seed: 42, steps: 3 });
    expect(await denoise(ctx, cond, { seed: 42, steps: 3 })).toEqual(la);
    const lb = await denoise(ctx, cond, { seed: 43, steps: 3 });
    let diff = 0;
    for (let i = 0; i < N; i++) diff = Math.max(diff, Math.abs(la[i] - lb[i]));
    expect(diff).toBeGreaterThan(1);
    const other = await textToImage(ctx, { prompt: PROMPT, seed: 43, steps: 3 });
    expect(Buffer.from(other.data).equals(Buffer.from(a.data))).toBe(false);
  });

  it('decodeLatent maps each latent channel to its own colour plane (unsaturated latents)', async () => {
    const hw = SIDE * SIDE;
    const means = [0.3, -0.6, 0.05, 2];
    const latent = new Float32Array(N);
    for (let c = 0; c < D.latentChannels; c++) {
      // Alternate ± around the mean so the decoder must average, not sample one value.
      for (let i = 0; i < hw; i++) latent[c * hw + i] = (means[c] + (i % 2 ? 0.25 : -0.25)) * D.vaeScalingFactor;
    }
    const img = await decodeLatent(ctx, latent);
    const centre = pixel(img, D.imageSize / 2, D.imageSize / 2);
    const want = expectedDisc(latent);
    expect(want[0]).not.toBe(want[1]);
    for (let c = 0; c < 3; c++) expect(Math.abs(centre[c] - want[c])).toBeLessThanOrEqual(1);
    expect(pixel(img, 1, D.imageSize - 2)).toEqual([255, 255, 255, 255]);
  });

  it('reports text then image progress: encoders, each denoising step, decoding', async () => {
    const events: ProgressEvent[] = [];
    await textToImage({ ...ctx, onProgress: (e) => events.push(e) }, { prompt: PROMPT, seed: 1, steps: 4 });
    const compact = events.map((e) => (e.status === 'progress' ? `${e.stage}:${e.label}:${e.step}/${e.total}` : `${e.stage}:${e.status}`));
    expect(compact).toEqual([
      'text:start',
      'text:tokenize:0/3',
      'text:encoder 1:1/3',
      'text:encoder 2:2/3',
      'text:encoder 2:3/3',
      'text:done',
      'image:start',
      'image:denoising:1/4',
      'image:denoising:2/4',
      'image:denoising:3/4',
      'image:denoising:4/4',
      'image:decoding:4/4',
      'image:done',
    ]);
  });

  it('cancelling mid-run throws AbortError and runs no further steps', async () => {
    const controller = new AbortController();
    const labels: string[] = [];
    const run = textToImage(
      {
        ...ctx,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.status !== 'progress') return;
          labels.push(`${e.label}:${e.step}`);
          if (e.label === 'denoising' && e.step === 2) controller.abort();
        },
      },
      { prompt: PROMPT, seed: 1, steps: 4 },
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(labels).not.toContain('denoising:3');
    expect(labels).not.toContain('decoding:4');
  });

  it('rejects a step count outside 1–4 before running any graph', async () => {
    const events: ProgressEvent[] = [];
    await expect(textToImage({ ...ctx, onProgress: (e) => events.push(e) }, { prompt: PROMPT, seed: 1, steps: 8 })).rejects.toThrow(
      /1 to 4/,
    );
    expect(events).toEqual([]);
  });
});
