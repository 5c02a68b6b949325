// Attention projections from TripoSG's packed-head weights (docs/models/partcrafter.md §2.2), re-packed offline so the graph
// runs ordinary multi-head attention: one fused MatMul for q/k/v (or k/v), split into standard heads.
import { linear, splitLast } from './emit-ops';
import type { GraphEmitter } from './emit';
import { repackHeads } from './repack';
import { readAll, stackRows, type WeightFile } from './weights';

/** Self-attention q, k, v of `${prefix}.to_{q,k,v}.weight` (no bias), each [B, S, width]. */
export function packedSelfQkv(e: GraphEmitter, file: WeightFile, x: string, prefix: string, heads: number, width: number): string[] {
  const keys = ['to_q', 'to_k', 'to_v'].map((n) => `${prefix}.${n}.weight`);
  const qkv = linear(e, x, {
    name: `${prefix}.to_qkv`,
    N: 3 * width,
    K: width,
    sources: keys,
    weight: async (signal) => repackHeads(stackRows(await readAll(file, keys, signal)), 3, heads, width, width),
  });
  return splitLast(e, qkv, width, 3);
}

/** Cross-attention k, v of the context via `${prefix}.to_{k,v}.weight` [width, kvIn], packed kv split. */
export function packedCrossKv(
  e: GraphEmitter,
  file: WeightFile,
  ctx: string,
  prefix: string,
  heads: number,
  width: number,
  kvIn: number,
): string[] {
  const keys = ['to_k', 'to_v'].map((n) => `${prefix}.${n}.weight`);
  const kv = linear(e, ctx, {
    name: `${prefix}.to_kv`,
    N: 2 * width,
    K: kvIn,
    sources: keys,
    weight: async (signal) => repackHeads(stackRows(await readAll(file, keys, signal)), 2, heads, width, kvIn),
  });
  return splitLast(e, kv, width, 2);
}
