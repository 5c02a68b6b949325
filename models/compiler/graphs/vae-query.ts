// Graph 4 (docs/models/partcrafter.md §6): query points + kv → occupancy logits (positive inside). Frequency embedding
// [x, y, z, sin(24 products), cos(24 products)] with products coordinate-major at 2^k, proj_query, the
// cross-attention block (norm_cross on kv, packed k/v split), FF, norm_out, proj_out, then −o.
import { attention, feedForward, fileLinear, layerNorm, sinCos } from '../emit-ops';
import { packedCrossKv } from '../emit-attention';
import { GraphEmitter } from '../emit';
import { int } from '../../onnx/builder';
import type { CompileOptions } from '../options';
import type { PartCrafterConfig } from '../partcrafter-keys';
import type { GraphPlan } from '../plan';
import type { WeightFile } from '../weights';
import { VAE_EPS } from './vae-kv';

/** The embedding frequencies 2^k (·π with embed_include_pi), k = 0…n−1. */
export function embedFrequencies(c: PartCrafterConfig): number[] {
  return Array.from({ length: c.vaeEmbedFrequency }, (_, k) => 2 ** k * (c.vaeIncludePi ? Math.PI : 1));
}

export function planVaeQuery(vae: WeightFile, c: PartCrafterConfig, options: CompileOptions): GraphPlan {
  const W = c.vaeWidth;
  const P = c.vaePointDim;
  const F = c.vaeEmbedFrequency;
  const e = new GraphEmitter('vaeQuery', 'vae_query.onnx', options, [vae.identity]);
  // The embedding is computed in float32 whatever the variant: 128·x in float16 would lose the phase.
  const points = e.g.input('points', 'float32', [1, 'points', P]);
  const freqs = e.g.constant('float32', embedFrequencies(c), [F]);
  const products = e.op('Reshape', [e.op('Mul', [e.op('Unsqueeze', [points, e.ints([-1])]), freqs]), e.ints([0, 0, P * F])]);
  const emb = e.op('Concat', [points, ...sinCos(e, products)], { axis: int(-1) });
  const q0 = fileLinear(e, vae, e.toCompute(emb), 'decoder.proj_query', W, P * (1 + 2 * F), true, true);

  const b = `decoder.blocks.${c.vaeLayers}`;
  const y = layerNorm(e, vae, q0, `${b}.norm2`, W, VAE_EPS);
  const kv = e.floatInput('kv', [1, 'tokens', W]);
  const ctx = layerNorm(e, vae, kv, `${b}.attn2.norm_cross`, W, VAE_EPS);
  const q = fileLinear(e, vae, y, `${b}.attn2.to_q`, W, W, false);
  const [k, v] = packedCrossKv(e, vae, ctx, `${b}.attn2`, c.vaeHeads, W, W);
  const a = attention(e, q, k, v, c.vaeHeads, W, 1 / Math.sqrt(W / c.vaeHeads));
  let h = e.op('Add', [q0, fileLinear(e, vae, a, `${b}.attn2.to_out.0`, W, W)]);
  h = e.op('Add', [h, feedForward(e, vae, layerNorm(e, vae, h, `${b}.norm3`, W, VAE_EPS), `${b}.ff`, W, c.ffMult * W)]);
  const o = fileLinear(e, vae, layerNorm(e, vae, h, 'decoder.norm_out', W, VAE_EPS), 'decoder.proj_out', 1, W, true, true);
  e.floatOutput(e.op('Neg', [o]), 'logits', [1, 'points', 1]);
  return e.plan();
}
