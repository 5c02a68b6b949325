// The building blocks shared by the four graphs (docs/models/partcrafter.md §2): linear layers (float MatMul or 4-bit
// MatMulNBits), LayerNorm, per-head RMSNorm, exact GELU, feed-forward and multi-head attention. Norm
// statistics and softmax are float32 in every variant.
import { float, int, ints } from '../onnx/builder';
import { shared, type GraphEmitter } from './emit';
import { quantize4 } from './quantize';
import type { WeightFile } from './weights';
import { transpose } from './weights';

type Load = (signal?: AbortSignal) => Promise<Float32Array>;

export interface LinearSpec {
  /** Base name of the planned tensors, e.g. "blocks.0.attn1.to_qkv". */
  name: string;
  /** Output and input features: the weight is [N, K] as a Linear stores it. */
  N: number;
  K: number;
  /** Checkpoint tensors the weight (and bias) are made from. */
  sources: string[];
  weight: Load;
  bias?: Load;
  /** Keep this one in float even when quantizing (tiny boundary projections, where error is least diluted). */
  keepFloat?: boolean;
}

/** y = x·Wᵀ + b over the last axis. */
export function linear(e: GraphEmitter, x: string, s: LinearSpec): string {
  const o = e.options;
  if (o.bits === 'none' || s.keepFloat) {
    const wt = e.floatTensor(`${s.name}.weight_t`, [s.K, s.N], s.sources, async (signal) => transpose(await s.weight(signal), s.N, s.K));
    const y = e.op('MatMul', [x, wt]);
    if (!s.bias) return y;
    return e.op('Add', [y, e.floatTensor(`${s.name}.bias`, [s.N], s.sources, s.bias)]);
  }
  const block = o.blockSize;
  const blocks = Math.ceil(s.K / block);
  const q = shared(async (signal) => quantize4(await s.weight(signal), s.N, s.K, block, o.symmetric));
  const parts = o.symmetric ? 2 : 3;
  const B = e.tensor(`${s.name}.q4`, 'uint8', [s.N, blocks, block / 2], s.sources, async (signal) => (await q(false, signal)).packed);
  const scales = e.tensor(`${s.name}.scales`, e.dtype, [s.N * blocks], s.sources, async (signal) =>
    e.encode((await q(parts === 2, signal)).scales),
  );
  const zp = o.symmetric
    ? ''
    : e.tensor(
        `${s.name}.zero_points`,
        'uint8',
        [s.N * Math.ceil(blocks / 2)],
        s.sources,
        async (signal) => (await q(true, signal)).zeroPoints!,
      );
  const inputs = [x, B, scales, zp, '', s.bias ? e.floatTensor(`${s.name}.bias`, [s.N], s.sources, s.bias) : ''];
  while (inputs[inputs.length - 1] === '') inputs.pop();
  return e.msOp('MatMulNBits', inputs, { K: int(s.K), N: int(s.N), bits: int(4), block_size: int(block) });
}

/** A Linear read straight from the checkpoint: `${prefix}.weight` [N, K] and, if `bias`, `${prefix}.bias`. */
export function fileLinear(
  e: GraphEmitter,
  file: WeightFile,
  x: string,
  prefix: string,
  N: number,
  K: number,
  bias = true,
  keepFloat = false,
): string {
  const w = `${prefix}.weight`;
  const b = `${prefix}.bias`;
  return linear(e, x, {
    name: prefix,
    N,
    K,
    keepFloat,
    sources: bias ? [w, b] : [w],
    weight: (signal) => file.float32(w, signal),
    bias: bias ? (signal) => file.float32(b, signal) : undefined,
  });
}

/** A float parameter straight from the checkpoint, in the compute dtype. */
export function fileParam(e: GraphEmitter, file: WeightFile, key: string, dims: number[]): string {
  return e.floatTensor(key, dims, [key], (signal) => file.float32(key, signal));
}

/** LayerNorm over the last axis with `${prefix}.weight` and `.bias`; statistics in float32 (stash_type 1). */
export function layerNorm(e: GraphEmitter, file: WeightFile, x: string, prefix: string, width: number, eps: number): string {
  const w = fileParam(e, file, `${prefix}.weight`, [width]);
  const b = fileParam(e, file, `${prefix}.bias`, [width]);
  return e.op('LayerNormalization', [x, w, b], { axis: int(-1), epsilon: float(eps), stash_type: int(1) });
}

/** RMSNorm of each head's channels (DiT q/k norm): x·rsqrt(mean(x²) + eps) in float32, then ⊙ w [hd]. */
export function rmsNormHeads(e: GraphEmitter, file: WeightFile, x: string, key: string, heads: number, width: number, eps: number): string {
  const hd = width / heads;
  const w = fileParam(e, file, key, [hd]);
  const perHead = e.op('Reshape', [x, e.ints([0, 0, heads, hd])]);
  const f = e.dtype === 'float32' ? perHead : e.op('Cast', [perHead], { to: int(1) });
  const meanSq = e.op('ReduceMean', [e.op('Mul', [f, f])], { axes: ints([-1]), keepdims: int(1) });
  const rms = e.op('Sqrt', [e.op('Add', [meanSq, e.g.constant('float32', [eps], [])])]);
  const normed = e.toCompute(e.op('Div', [f, rms]));
  return e.op('Reshape', [e.op('Mul', [normed, w]), e.ints([0, 0, width])]);
}

/** Exact GELU, in the pattern onnxruntime fuses into one Gelu kernel: x·0.5·(1 + erf(x/√2)). */
export function gelu(e: GraphEmitter, x: string): string {
  const erf = e.op('Erf', [e.op('Div', [x, e.scalar(Math.SQRT2)])]);
  const y = e.op('Mul', [x, e.op('Add', [erf, e.scalar(1)])]);
  return e.op('Mul', [y, e.scalar(0.5)]);
}

// 2π split so that k·TWO_PI_HIGH is exact in float32 for any k < 2¹⁶ (6.28125 has 8 significant bits).
const TWO_PI_HIGH = 6.28125;
const TWO_PI_LOW = 2 * Math.PI - TWO_PI_HIGH;

/**
 * [sin(x), cos(x)] of a float32 tensor, after reducing x to [−π, π] in two steps (Cody–Waite).
 * GPU sin/cos are only specified near [−π, π] (WGSL: 2⁻¹¹ absolute there, nothing outside); the DiT's
 * t·ω reaches 1000 rad and the VAE's 128·x reaches 129, where SwiftShader was already off by 1e-4.
 */
export function sinCos(e: GraphEmitter, x: string): [string, string] {
  const c = (v: number) => e.g.constant('float32', [v], []);
  // floor(x/2π + ½), not Round: onnxruntime's WebGPU EP has no Round kernel (it would bounce to the CPU).
  const k = e.op('Floor', [e.op('Add', [e.op('Mul', [x, c(1 / (2 * Math.PI))]), c(0.5)])]);
  const r = e.op('Sub', [e.op('Sub', [x, e.op('Mul', [k, c(TWO_PI_HIGH)])]), e.op('Mul', [k, c(TWO_PI_LOW)])]);
  return [e.op('Sin', [r]), e.op('Cos', [r])];
}

/** Splits the last axis into equal parts (fused q/k/v or k/v projections). */
export function splitLast(e: GraphEmitter, x: string, width: number, parts: number): string[] {
  const outs = Array.from({ length: parts }, (_, i) => `${x}_part${i}`);
  e.g.op('Split', [x, e.ints(new Array(parts).fill(width))], { axis: int(-1) }, outs);
  return outs;
}

/**
 * softmax(Q·Kᵀ·scale)·V per head, heads in the standard layout (head h = channels [h·hd, (h+1)·hd)).
 * q [B, S, D], k and v [B, L, D] → [B, S, D]. 'mha' uses com.microsoft MultiHeadAttention (float32
 * in every variant, so its softmax is float32); 'plain' spells it out with a float32 softmax.
 */
export function attention(e: GraphEmitter, q: string, k: string, v: string, heads: number, width: number, scale: number): string {
  const hd = width / heads;
  if (e.options.attention === 'mha') {
    const f32 = (x: string) => (e.dtype === 'float32' ? x : e.op('Cast', [x], { to: int(1) }));
    const out = e.msOp('MultiHeadAttention', [f32(q), f32(k), f32(v)], { num_heads: int(heads), scale: float(scale) });
    return e.toCompute(out);
  }
  const split = (x: string, perm: number[]) => e.op('Transpose', [e.op('Reshape', [x, e.ints([0, 0, heads, hd])])], { perm: ints(perm) });
  const qh = split(e.op('Mul', [q, e.scalar(scale)]), [0, 2, 1, 3]); // [B, H, S, hd]
  const kt = split(k, [0, 2, 3, 1]); // [B, H, hd, L]
  const vh = split(v, [0, 2, 1, 3]); // [B, H, L, hd]
  const scores = e.op('MatMul', [qh, kt]);
  const p = e.toCompute(e.op('Softmax', [e.dtype === 'float32' ? scores : e.op('Cast', [scores], { to: int(1) })], { axis: int(-1) }));
  const o = e.op('Transpose', [e.op('MatMul', [p, vh])], { perm: ints([0, 2, 1, 3]) });
  return e.op('Reshape', [o, e.ints([0, 0, width])]);
}

/** FeedForward (docs/models/partcrafter.md §2.3): ff.net.0.proj D → mult·D, exact GELU, ff.net.2 back to D. */
export function feedForward(e: GraphEmitter, file: WeightFile, x: string, prefix: string, width: number, hidden: number): string {
  const h = gelu(e, fileLinear(e, file, x, `${prefix}.net.0.proj`, hidden, width));
  return fileLinear(e, file, h, `${prefix}.net.2`, width, hidden);
}
