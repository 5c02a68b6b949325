// Graph 3 (docs/models/partcrafter.md §5): part latents → the kv source of the VAE's cross-attention. post_quant, then the
// decoder's self-attention blocks (packed-head attention, no qk-norm, no skips); no final norm.
import { attention, feedForward, fileLinear, layerNorm } from '../emit-ops';
import { packedSelfQkv } from '../emit-attention';
import { GraphEmitter } from '../emit';
import type { CompileOptions } from '../options';
import type { PartCrafterConfig } from '../partcrafter-keys';
import type { GraphPlan } from '../plan';
import type { WeightFile } from '../weights';

export const VAE_EPS = 1e-5;

export function planVaeKv(vae: WeightFile, c: PartCrafterConfig, options: CompileOptions): GraphPlan {
  const W = c.vaeWidth;
  const e = new GraphEmitter('vaeKv', 'vae_kv.onnx', options, [vae.identity]);
  const z = e.floatInput('latents', [1, 'tokens', c.vaeLatentChannels]);
  let h = fileLinear(e, vae, z, 'post_quant', W, c.vaeLatentChannels, true, true);
  for (let i = 0; i < c.vaeLayers; i++) {
    const b = `decoder.blocks.${i}`;
    const [q, k, v] = packedSelfQkv(e, vae, layerNorm(e, vae, h, `${b}.norm1`, W, VAE_EPS), `${b}.attn1`, c.vaeHeads, W);
    const a = attention(e, q, k, v, c.vaeHeads, W, 1 / Math.sqrt(W / c.vaeHeads));
    h = e.op('Add', [h, fileLinear(e, vae, a, `${b}.attn1.to_out.0`, W, W)]);
    h = e.op('Add', [h, feedForward(e, vae, layerNorm(e, vae, h, `${b}.norm3`, W, VAE_EPS), `${b}.ff`, W, c.ffMult * W)]);
  }
  e.floatOutput(h, 'kv', [1, 'tokens', W]);
  return e.plan();
}
