// The parts stage: the cutout image → DINOv2 tokens → N part latents by rectified flow through the DiT.
import { dinoTokens } from '../../../models/model-set';
import { floatTensor, readFloats } from '../../leaf/float16';
import type { StageContext } from '../../runtime/context';
import type { RgbaImage } from '../image';
import { runStage } from '../../leaf/progress';
import { checkAbort, nextTask } from '../../leaf/abort';
import { createRng, normals } from '../random';
import { combineGuidance, doubled, flowSigmas, flowStep, partIds } from './flow';
import { dinoPixelValues } from './preprocess';

export interface PartLatents {
  numParts: number;
  tokens: number;
  channels: number;
  /** [numParts, tokens, channels] */
  data: Float32Array;
}

export interface PartsOptions {
  numParts: number;
  tokensPerPart: number;
  steps: number;
  /** ≤ 1 turns classifier-free guidance off. */
  guidance: number;
  seed: number;
}

export class PartsSettingsError extends Error {
  override name = 'PartsSettingsError';
}

const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;

/** Plain-words refusals before any graph loads. CFG doubles the batch and the part table has 2·maxParts rows. */
function checkSettings(o: PartsOptions, maxParts: number): void {
  if (!whole(o.numParts, 1) || o.numParts > maxParts) {
    throw new PartsSettingsError(`The number of parts must be a whole number from 1 to ${maxParts} (got ${o.numParts}).`);
  }
  if (!whole(o.tokensPerPart, 1))
    throw new PartsSettingsError(`Tokens per part must be a whole number of at least 1 (got ${o.tokensPerPart}).`);
  if (!whole(o.steps, 1)) throw new PartsSettingsError(`Part steps must be a whole number of at least 1 (got ${o.steps}).`);
  if (!Number.isFinite(o.guidance)) throw new PartsSettingsError(`Guidance must be a number (got ${o.guidance}).`);
}

/** DINO tokens of one image: [tokens, hidden]. */
export async function encodeImage(ctx: StageContext, image: RgbaImage): Promise<Float32Array> {
  const d = ctx.set.dims;
  const px = dinoPixelValues(image, d);
  const enc = await ctx.graphs.get('imageEncoder');
  const out = await enc.run({ pixel_values: floatTensor(px, [1, 3, d.dinoCrop, d.dinoCrop], ctx.set.graphs.imageEncoder.float) });
  return readFloats(out.last_hidden_state);
}

export async function predictParts(ctx: StageContext, image: RgbaImage, opts: PartsOptions): Promise<PartLatents> {
  const d = ctx.set.dims;
  const N = opts.numParts;
  checkSettings(opts, d.maxParts);
  return runStage('parts', ctx.onProgress, async () => {
    const T = opts.tokensPerPart;
    const C = d.partChannels;
    const tok = dinoTokens(d);
    const F = ctx.set.graphs.dit.float;
    const cfg = opts.guidance > 1;
    const B = cfg ? 2 * N : N;
    ctx.onProgress?.({ status: 'progress', stage: 'parts', step: 0, total: opts.steps, label: 'encoding image' });
    const imageTokens = await encodeImage(ctx, image);
    // All parts see the same image; under guidance the first half sees an all-zero context.
    const context = new Float32Array(B * tok * d.dinoHidden);
    for (let r = cfg ? N : 0; r < B; r++) context.set(imageTokens, r * imageTokens.length);
    const feedsFixed = {
      encoder_hidden_states: floatTensor(context, [B, tok, d.dinoHidden], F),
      part_ids: { dtype: 'int64' as const, dims: [B], data: partIds(N, cfg) },
      num_parts: { dtype: 'int64' as const, dims: [1], data: BigInt64Array.of(BigInt(N)) },
    };
    const dit = await ctx.graphs.get('dit');
    const sigmas = flowSigmas(opts.steps);
    const x = normals(createRng(opts.seed), N * T * C);
    for (let i = 0; i < opts.steps; i++) {
      await nextTask(); // a cancel waiting in the worker's queue lands here (wasm runs never yield)
      checkAbort(ctx.signal);
      const out = await dit.run({
        ...feedsFixed,
        hidden_states: floatTensor(cfg ? doubled(x) : x, [B, T, C], F),
        timestep: floatTensor(new Float32Array(B).fill(1000 * sigmas[i]), [B], F),
      });
      const V = readFloats(out.velocity);
      flowStep(x, cfg ? combineGuidance(V, opts.guidance) : V, sigmas[i], sigmas[i + 1]);
      ctx.onProgress?.({ status: 'progress', stage: 'parts', step: i + 1, total: opts.steps, label: 'denoising' });
    }
    checkAbort(ctx.signal);
    return { numParts: N, tokens: T, channels: C, data: x };
  });
}
