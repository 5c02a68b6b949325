// TripoSG's attention processor exactly as docs/models/partcrafter.md §2.2 describes it, without any re-packing: the
// concatenated projections are viewed per head ([heads, 3·hd] or [heads, 2·hd]) and split there.
import { attend, get, linear, rmsNorm, type Weights } from './math';

export interface QkNorm {
  eps: number;
}

function headsOf(rows: Float64Array, tokens: number, width: number, heads: number, group: number, index: number): Float64Array[][] {
  // rows [tokens, width·group]; head h takes channels [h·group·hd + index·hd, … + hd).
  const hd = width / heads;
  return Array.from({ length: heads }, (_, h) =>
    Array.from({ length: tokens }, (_, s) => {
      const at = s * width * group + h * group * hd + index * hd;
      return rows.slice(at, at + hd);
    }),
  );
}

function concatChannels(parts: Float64Array[], tokens: number, width: number): Float64Array {
  const out = new Float64Array(tokens * width * parts.length);
  for (let s = 0; s < tokens; s++) parts.forEach((p, i) => out.set(p.subarray(s * width, (s + 1) * width), (s * parts.length + i) * width));
  return out;
}

function mergeHeads(perHead: Float64Array[][], tokens: number, width: number): Float64Array {
  const hd = width / perHead.length;
  const out = new Float64Array(tokens * width);
  perHead.forEach((rows, h) => rows.forEach((r, s) => out.set(r, s * width + h * hd)));
  return out;
}

function normed(rows: Float64Array[][], w: Float32Array | undefined, eps: number): Float64Array[][] {
  return w ? rows.map((head) => head.map((r) => rmsNorm(r, w, eps))) : rows;
}

/** attn(x) over x [S, D], including to_out.0; with `qk`, RMSNorm on Q and K after the packed split. */
export function packedSelfAttention(
  w: Weights,
  prefix: string,
  x: Float64Array,
  S: number,
  D: number,
  heads: number,
  qk?: QkNorm,
): Float64Array {
  const [q, k, v] = ['to_q', 'to_k', 'to_v'].map((n) => linear(x, S, D, get(w, `${prefix}.${n}.weight`)));
  const u = concatChannels([q, k, v], S, D);
  const eps = qk?.eps ?? 0;
  const Q = normed(headsOf(u, S, D, heads, 3, 0), qk && get(w, `${prefix}.norm_q.weight`), eps);
  const K = normed(headsOf(u, S, D, heads, 3, 1), qk && get(w, `${prefix}.norm_k.weight`), eps);
  const V = headsOf(u, S, D, heads, 3, 2);
  const scale = 1 / Math.sqrt(D / heads);
  const o = mergeHeads(
    Q.map((_, h) => attend(Q[h], K[h], V[h], scale)),
    S,
    D,
  );
  return linear(o, S, D, get(w, `${prefix}.to_out.0.weight`), get(w, `${prefix}.to_out.0.bias`));
}

/** attn(x, ctx): x [S, D], ctx [L, Dc]; standard-layout Q, packed k/v split of the context. */
export function packedCrossAttention(
  w: Weights,
  prefix: string,
  x: Float64Array,
  S: number,
  D: number,
  ctx: Float64Array,
  L: number,
  Dc: number,
  heads: number,
  qk?: QkNorm,
): Float64Array {
  const q = linear(x, S, D, get(w, `${prefix}.to_q.weight`));
  const [k, v] = ['to_k', 'to_v'].map((n) => linear(ctx, L, Dc, get(w, `${prefix}.${n}.weight`)));
  const kv = concatChannels([k, v], L, D);
  const eps = qk?.eps ?? 0;
  const Q = normed(headsOf(q, S, D, heads, 1, 0), qk && get(w, `${prefix}.norm_q.weight`), eps);
  const K = normed(headsOf(kv, L, D, heads, 2, 0), qk && get(w, `${prefix}.norm_k.weight`), eps);
  const V = headsOf(kv, L, D, heads, 2, 1);
  const scale = 1 / Math.sqrt(D / heads);
  const o = mergeHeads(
    Q.map((_, h) => attend(Q[h], K[h], V[h], scale)),
    S,
    D,
  );
  return linear(o, S, D, get(w, `${prefix}.to_out.0.weight`), get(w, `${prefix}.to_out.0.bias`));
}
