// Graph 2 (docs/models/partcrafter.md §4): one PartCrafter DiT step. hidden_states [B, T, C], timestep [B], the DINO context,
// part_ids [B] and num_parts [1] → velocity [B, T, C]. The sinusoidal time embedding (sin first) feeds
// an MLP whose output is prepended as a token; the part embedding, gathered by part_ids, is added to
// all T+1 tokens; blocks after the middle one fuse the mirrored block's output (skip first, linear then
// norm, LIFO); global blocks attend over all parts of an object by reshaping [B, T+1, D] to
// [B/N, N·(T+1), D]; the time token is dropped before proj_out.
import { int } from '../../onnx/builder';
import { GraphEmitter } from '../emit';
import { packedCrossKv, packedSelfQkv } from '../emit-attention';
import { attention, feedForward, fileLinear, fileParam, gelu, layerNorm, rmsNormHeads, sinCos } from '../emit-ops';
import type { CompileOptions } from '../options';
import type { PartCrafterConfig } from '../partcrafter-keys';
import type { GraphPlan } from '../plan';
import type { WeightFile } from '../weights';

export const DIT_EPS = 1e-5;
export const QK_EPS = 1e-6;
/** Past any token count: Slice clamps it to the axis length. */
const TO_END = 2 ** 53;

/** ω_k = exp(−ln(10000)·k / (D/2)), each step rounded to float32 as torch computes it (docs/models/partcrafter.md §4.2). */
export function timestepFrequencies(width: number): number[] {
  const half = width / 2;
  const lnPeriod = Math.fround(-Math.log(10000));
  return Array.from({ length: half }, (_, k) => Math.fround(Math.exp(Math.fround(Math.fround(lnPeriod * k) / half))));
}

export interface DitDims {
  /** Tokens of the image context (1 + g² DINO tokens: 257). */
  contextTokens: number;
}

export function planDit(tf: WeightFile, c: PartCrafterConfig, dims: DitDims, options: CompileOptions): GraphPlan {
  const D = c.width;
  const H = c.heads;
  const e = new GraphEmitter('dit', 'dit.onnx', options, [tf.identity]);
  const x = e.floatInput('hidden_states', ['batch', 'tokens', c.inChannels]);
  const t = e.g.input('timestep', 'float32', ['batch']);
  const ctx = e.floatInput('encoder_hidden_states', ['batch', dims.contextTokens, c.crossDim]);
  const partIds = e.g.input('part_ids', 'int64', ['batch']);
  const numParts = e.g.input('num_parts', 'int64', [1]);

  // Time embedding in float32 (t·ω reaches 1000 rad), then the MLP in the compute dtype.
  const arg = e.op('Mul', [e.op('Unsqueeze', [t, e.ints([1])]), e.g.constant('float32', timestepFrequencies(D))]);
  const sinusoid = e.toCompute(e.op('Concat', sinCos(e, arg), { axis: int(1) }));
  const hidden = c.ffMult * D;
  const temb = fileLinear(e, tf, gelu(e, fileLinear(e, tf, sinusoid, 'time_proj.linear_1', hidden, D)), 'time_proj.linear_2', D, hidden);

  let h = fileLinear(e, tf, x, 'proj_in', D, c.inChannels, true, true);
  h = e.op('Concat', [e.op('Unsqueeze', [temb, e.ints([1])]), h], { axis: int(1) });
  const table = fileParam(e, tf, 'part_embedding.weight', [c.maxParts, D]);
  h = e.op('Add', [h, e.op('Unsqueeze', [e.op('Gather', [table, partIds], { axis: int(0) }), e.ints([1])])]);

  // [B, T+1, D] ↔ [B/N, N·(T+1), D] for the global blocks (batch rows are groups of N parts).
  const rowShape = e.op('Shape', [h]);
  const groupLen = e.op('Mul', [numParts, e.op('Shape', [h], { start: int(1), end: int(2) })]);
  const groupShape = e.op('Concat', [e.ints([-1]), groupLen, e.ints([D])], { axis: int(0) });

  const middle = Math.floor(c.layers / 2);
  const saved: string[] = [];
  for (let i = 0; i < c.layers; i++) {
    const b = `blocks.${i}`;
    if (i > middle) {
      const skip = saved.pop()!;
      const fused = fileLinear(e, tf, e.op('Concat', [skip, h], { axis: int(-1) }), `${b}.skip_linear`, D, 2 * D);
      h = layerNorm(e, tf, fused, `${b}.skip_norm`, D, DIT_EPS);
    }
    const global = c.globalBlocks.includes(i);
    let n1 = layerNorm(e, tf, h, `${b}.norm1`, D, DIT_EPS);
    if (global) n1 = e.op('Reshape', [n1, groupShape]);
    const [q, k, v] = packedSelfQkv(e, tf, n1, `${b}.attn1`, H, D);
    const a1 = attention(
      e,
      rmsNormHeads(e, tf, q, `${b}.attn1.norm_q.weight`, H, D, QK_EPS),
      rmsNormHeads(e, tf, k, `${b}.attn1.norm_k.weight`, H, D, QK_EPS),
      v,
      H,
      D,
      1 / Math.sqrt(D / H),
    );
    let o1 = fileLinear(e, tf, a1, `${b}.attn1.to_out.0`, D, D);
    if (global) o1 = e.op('Reshape', [o1, rowShape]);
    h = e.op('Add', [h, o1]);

    // Global cross-attention equals local: every part of a group has the same context (docs/models/partcrafter.md §4.5).
    const n2 = layerNorm(e, tf, h, `${b}.norm2`, D, DIT_EPS);
    const q2 = fileLinear(e, tf, n2, `${b}.attn2.to_q`, D, D, false);
    const [k2, v2] = packedCrossKv(e, tf, ctx, `${b}.attn2`, H, D, c.crossDim);
    const a2 = attention(
      e,
      rmsNormHeads(e, tf, q2, `${b}.attn2.norm_q.weight`, H, D, QK_EPS),
      rmsNormHeads(e, tf, k2, `${b}.attn2.norm_k.weight`, H, D, QK_EPS),
      v2,
      H,
      D,
      1 / Math.sqrt(D / H),
    );
    h = e.op('Add', [h, fileLinear(e, tf, a2, `${b}.attn2.to_out.0`, D, D)]);
    h = e.op('Add', [h, feedForward(e, tf, layerNorm(e, tf, h, `${b}.norm3`, D, DIT_EPS), `${b}.ff`, D, hidden)]);
    if (i < middle) saved.push(h);
  }
  const out = layerNorm(e, tf, h, 'norm_out', D, DIT_EPS);
  const tokens = e.op('Slice', [out, e.ints([1]), e.ints([TO_END]), e.ints([1])]);
  e.floatOutput(fileLinear(e, tf, tokens, 'proj_out', c.inChannels, D, true, true), 'velocity', ['batch', 'tokens', c.inChannels]);
  return e.plan();
}
