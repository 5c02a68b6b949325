// The SDXL Turbo sampling loop: seeded noise → 1–4 Euler-ancestral UNet steps → the final latent x0
// (still in the UNet's latent scale; decode divides by vaeScalingFactor). Scheduler arithmetic stays in
// float32 here; only the UNet feeds and its output cross to the graph's float type.
import { latentSide } from '../../../models/model-set';
import type { StageContext } from '../../runtime/context';
import { checkAbort, nextTask } from '../../leaf/abort';
import { createRng, normals } from '../random';
import { floatTensor, readFloats } from '../../leaf/float16';
import type { Conditioning } from './conditioning';
import { eulerAncestralStep, scaleModelInput, schedule } from './scheduler';

export interface DenoiseOptions {
  seed: number;
  steps: number;
}

/**
 * Noise draw order (tests reproduce it): createRng(seed), then normals(rng, n) for the initial latent,
 * then normals(rng, n) for each step that has σ_up > 0 (every step but the last).
 */
export async function denoise(ctx: StageContext, cond: Conditioning, options: DenoiseOptions): Promise<Float32Array> {
  const { set, signal } = ctx;
  const d = set.dims;
  const side = latentSide(d);
  const dims = [1, d.latentChannels, side, side];
  const n = d.latentChannels * side * side;
  const F = set.graphs.unet.float;
  const { timesteps, sigmas, initSigma } = schedule(options.steps);
  const total = timesteps.length;

  // The conditioning is the same at every step: convert it once.
  const fixed = {
    encoder_hidden_states: floatTensor(cond.hidden, [1, d.textLength, d.textHidden1 + d.textHidden2], F),
    text_embeds: floatTensor(cond.textEmbeds, [1, d.pooledDim], F),
    time_ids: floatTensor(cond.timeIds, [1, 6], F),
  };

  const rng = createRng(options.seed);
  let x = normals(rng, n);
  for (let i = 0; i < n; i++) x[i] = Math.fround(x[i] * initSigma);

  const unet = await ctx.graphs.get('unet');
  for (let i = 0; i < total; i++) {
    await nextTask(); // a cancel waiting in the worker's queue lands here (wasm runs never yield)
    checkAbort(signal);
    ctx.onProgress?.({ status: 'progress', stage: 'image', step: i + 1, total, label: 'denoising' });
    const out = await unet.run({
      sample: floatTensor(scaleModelInput(x, sigmas[i]), dims, F),
      timestep: floatTensor(Float32Array.of(timesteps[i]), [1], F),
      ...fixed,
    });
    checkAbort(signal);
    const eps = readFloats(out.out_sample);
    const last = i === total - 1;
    x = eulerAncestralStep(x, eps, sigmas[i], sigmas[i + 1], last ? undefined : normals(rng, n));
  }
  return x;
}
