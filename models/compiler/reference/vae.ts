// Reference VAE decoder path (docs/models/partcrafter.md §5–6) for one part: latents → kv, and points + kv → logits.
import { addInPlace, feedForward, get, layerNorm, linear, toF64, type Weights } from './math';
import { packedCrossAttention, packedSelfAttention } from './packed-attention';

export interface RefVaeConfig {
  width: number;
  layers: number;
  heads: number;
  latentChannels: number;
  frequencies: number;
}

const EPS = 1e-5;

/** z [T, C] → kv [T, width]. */
export function refVaeKv(w: Weights, c: RefVaeConfig, z: ArrayLike<number>, T: number): Float64Array {
  const W = c.width;
  const h = linear(toF64(z), T, c.latentChannels, get(w, 'post_quant.weight'), get(w, 'post_quant.bias'));
  for (let i = 0; i < c.layers; i++) {
    const b = `decoder.blocks.${i}`;
    const n1 = layerNorm(h, T, W, get(w, `${b}.norm1.weight`), get(w, `${b}.norm1.bias`), EPS);
    addInPlace(h, packedSelfAttention(w, `${b}.attn1`, n1, T, W, c.heads));
    const n3 = layerNorm(h, T, W, get(w, `${b}.norm3.weight`), get(w, `${b}.norm3.bias`), EPS);
    addInPlace(h, feedForward(w, `${b}.ff`, n3, T, W));
  }
  return h;
}

/** [x, y, z, sin(x·1 … x·2^(F−1), y·1 …, z·…), cos(same)] for one point. */
export function frequencyEmbedding(p: ArrayLike<number>, frequencies: number): number[] {
  const products: number[] = [];
  for (let d = 0; d < p.length; d++) for (let k = 0; k < frequencies; k++) products.push(p[d] * 2 ** k);
  return [...Array.from(p), ...products.map(Math.sin), ...products.map(Math.cos)];
}

/** points [M, 3] and kv [T, width] → logits [M] (positive inside). */
export function refVaeQuery(
  w: Weights,
  c: RefVaeConfig,
  points: ArrayLike<number>,
  M: number,
  kv: ArrayLike<number>,
  T: number,
): Float64Array {
  const W = c.width;
  const embed: number[] = [];
  for (let m = 0; m < M; m++) embed.push(...frequencyEmbedding(Array.from(points).slice(m * 3, m * 3 + 3), c.frequencies));
  const E = 3 * (1 + 2 * c.frequencies);
  const q0 = linear(toF64(embed), M, E, get(w, 'decoder.proj_query.weight'), get(w, 'decoder.proj_query.bias'));
  const b = `decoder.blocks.${c.layers}`;
  const y = layerNorm(q0, M, W, get(w, `${b}.norm2.weight`), get(w, `${b}.norm2.bias`), EPS);
  const ctx = layerNorm(toF64(kv), T, W, get(w, `${b}.attn2.norm_cross.weight`), get(w, `${b}.attn2.norm_cross.bias`), EPS);
  const h = addInPlace(q0, packedCrossAttention(w, `${b}.attn2`, y, M, W, ctx, T, W, c.heads));
  const n3 = layerNorm(h, M, W, get(w, `${b}.norm3.weight`), get(w, `${b}.norm3.bias`), EPS);
  addInPlace(h, feedForward(w, `${b}.ff`, n3, M, W));
  const out = linear(
    layerNorm(h, M, W, get(w, 'decoder.norm_out.weight'), get(w, 'decoder.norm_out.bias'), EPS),
    M,
    W,
    get(w, 'decoder.proj_out.weight'),
    get(w, 'decoder.proj_out.bias'),
  );
  return out.map((o) => -o);
}
