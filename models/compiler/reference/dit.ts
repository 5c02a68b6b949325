// Reference PartCrafter DiT step (docs/models/partcrafter.md §4) as upstream runs it: the time token, the part embedding on
// every token, LIFO long skips, and global blocks that concatenate the N parts of each group along the
// token axis (cross-attention there uses the first part's context, as upstream does).
import { addInPlace, feedForward, gelu, get, layerNorm, linear, toF64, type Weights } from './math';
import { packedCrossAttention, packedSelfAttention } from './packed-attention';

export interface RefDitConfig {
  width: number;
  layers: number;
  heads: number;
  inChannels: number;
  crossDim: number;
  globalBlocks: number[];
}

export interface RefDitInputs {
  /** [B, T, C] */
  hidden: ArrayLike<number>;
  /** [B] */
  timestep: ArrayLike<number>;
  /** [B, L, crossDim] */
  context: ArrayLike<number>;
  contextTokens: number;
  partIds: number[];
  numParts: number;
  tokens: number;
}

const EPS = 1e-5;
const QK = { eps: 1e-6 };

/** [sin(t·ω), cos(t·ω)] with ω and t·ω in float32, as torch computes them. */
export function timestepEmbedding(t: number, width: number): Float64Array {
  const half = width / 2;
  const out = new Float64Array(width);
  for (let k = 0; k < half; k++) {
    const exponent = Math.fround(Math.fround(Math.fround(-Math.log(10000)) * k) / half);
    const arg = Math.fround(Math.fround(t) * Math.fround(Math.exp(exponent)));
    out[k] = Math.sin(arg);
    out[half + k] = Math.cos(arg);
  }
  return out;
}

function ln(w: Weights, key: string, x: Float64Array, n: number, d: number): Float64Array {
  return layerNorm(x, n, d, get(w, `${key}.weight`), get(w, `${key}.bias`), EPS);
}

/** → velocity [B, T, C]. */
export function refDit(w: Weights, c: RefDitConfig, input: RefDitInputs): Float64Array {
  const D = c.width;
  const T = input.tokens;
  const S = T + 1;
  const B = input.partIds.length;
  const N = input.numParts;
  const table = get(w, 'part_embedding.weight');
  // One [S, D] stream per batch row.
  let rows: Float64Array[] = [];
  for (let r = 0; r < B; r++) {
    const e = timestepEmbedding(input.timestep[r], D);
    const hidden = get(w, 'time_proj.linear_1.bias').length;
    const temb = linear(
      gelu(linear(e, 1, D, get(w, 'time_proj.linear_1.weight'), get(w, 'time_proj.linear_1.bias'))),
      1,
      hidden,
      get(w, 'time_proj.linear_2.weight'),
      get(w, 'time_proj.linear_2.bias'),
    );
    const x = toF64(Array.from(input.hidden).slice(r * T * c.inChannels, (r + 1) * T * c.inChannels));
    const tokens = linear(x, T, c.inChannels, get(w, 'proj_in.weight'), get(w, 'proj_in.bias'));
    const h = new Float64Array(S * D);
    h.set(temb, 0);
    h.set(tokens, D);
    for (let s = 0; s < S; s++) for (let d = 0; d < D; d++) h[s * D + d] += table[input.partIds[r] * D + d];
    rows.push(h);
  }
  const L = input.contextTokens;
  const ctxOf = (r: number) => toF64(Array.from(input.context).slice(r * L * c.crossDim, (r + 1) * L * c.crossDim));

  const middle = Math.floor(c.layers / 2);
  const saved: Float64Array[][] = [];
  for (let i = 0; i < c.layers; i++) {
    const b = `blocks.${i}`;
    if (i > middle) {
      const skip = saved.pop()!;
      rows = rows.map((h, r) => {
        const cat = new Float64Array(S * 2 * D);
        for (let s = 0; s < S; s++) {
          cat.set(skip[r].subarray(s * D, (s + 1) * D), s * 2 * D);
          cat.set(h.subarray(s * D, (s + 1) * D), s * 2 * D + D);
        }
        return ln(w, `${b}.skip_norm`, linear(cat, S, 2 * D, get(w, `${b}.skip_linear.weight`), get(w, `${b}.skip_linear.bias`)), S, D);
      });
    }
    const global = c.globalBlocks.includes(i);
    if (global) {
      for (let g = 0; g < B / N; g++) {
        const group = rows.slice(g * N, (g + 1) * N);
        const seq = new Float64Array(N * S * D);
        group.forEach((h, p) => seq.set(ln(w, `${b}.norm1`, h, S, D), p * S * D));
        const a = packedSelfAttention(w, `${b}.attn1`, seq, N * S, D, c.heads, QK);
        group.forEach((h, p) => addInPlace(h, a.subarray(p * S * D, (p + 1) * S * D)));
        const seq2 = new Float64Array(N * S * D);
        group.forEach((h, p) => seq2.set(ln(w, `${b}.norm2`, h, S, D), p * S * D));
        const a2 = packedCrossAttention(w, `${b}.attn2`, seq2, N * S, D, ctxOf(g * N), L, c.crossDim, c.heads, QK);
        group.forEach((h, p) => addInPlace(h, a2.subarray(p * S * D, (p + 1) * S * D)));
      }
    } else {
      rows.forEach((h, r) => {
        addInPlace(h, packedSelfAttention(w, `${b}.attn1`, ln(w, `${b}.norm1`, h, S, D), S, D, c.heads, QK));
        addInPlace(h, packedCrossAttention(w, `${b}.attn2`, ln(w, `${b}.norm2`, h, S, D), S, D, ctxOf(r), L, c.crossDim, c.heads, QK));
      });
    }
    rows.forEach((h) => addInPlace(h, feedForward(w, `${b}.ff`, ln(w, `${b}.norm3`, h, S, D), S, D)));
    if (i < middle) saved.push(rows.map((h) => h.slice()));
  }
  const out = new Float64Array(B * T * c.inChannels);
  rows.forEach((h, r) => {
    const normed = ln(w, 'norm_out', h, S, D).subarray(D);
    out.set(linear(normed, T, D, get(w, 'proj_out.weight'), get(w, 'proj_out.bias')), r * T * c.inChannels);
  });
  return out;
}
