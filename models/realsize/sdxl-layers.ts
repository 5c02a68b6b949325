// Building blocks of the SDXL stand-ins, on the PartCrafter compiler's emitter (models/compiler/emit.ts)
// so the op mix is the compiled graphs' own: Linear → com.microsoft MatMulNBits (4-bit, block 32,
// float16 scales), attention → com.microsoft MultiHeadAttention in float16, Conv with float16 weights,
// GroupNorm as torch exports it at opset 17 (Reshape → InstanceNormalization → Reshape, then the
// per-channel affine), SiLU as x·σ(x). Layer structure follows diffusers' UNet2DConditionModel,
// AutoencoderKL's decoder and transformers' CLIPTextModel (resnets, transformer blocks, GEGLU). No
// weight is ever read: plans get their bytes from random-weights.ts.
import { float, int, ints } from '../onnx/builder';
import { GraphEmitter } from '../compiler/emit';
import { gelu, linear } from '../compiler/emit-ops';
import { resolveOptions } from '../compiler/options';

const noRead = async (): Promise<never> => {
  throw new Error('stand-in graphs have no checkpoint: give the plan random weights (withRandomWeights)');
};

/** A float16 emitter with the compiler's default 4-bit MatMulNBits options. */
export function standInEmitter(key: string, fileName: string): GraphEmitter {
  return new GraphEmitter(key, fileName, resolveOptions({ variant: 'f16', bits: 4, blockSize: 32, attention: 'mha' }), ['stand-in']);
}

/** Linear over the last axis (weight [N, K]), as MatMulNBits. */
export function dense(e: GraphEmitter, x: string, name: string, N: number, K: number, bias = true): string {
  return linear(e, x, { name, N, K, sources: [], weight: noRead, bias: bias ? noRead : undefined });
}

/** A float16 parameter of the given shape. */
export function param(e: GraphEmitter, name: string, dims: number[]): string {
  return e.tensor(name, 'float16', dims, [], noRead);
}

export function silu(e: GraphEmitter, x: string): string {
  return e.op('Mul', [x, e.op('Sigmoid', [x])]);
}

export function conv(e: GraphEmitter, x: string, name: string, cout: number, cin: number, k: number, stride = 1): string {
  const pad = (k - 1) / 2;
  const w = param(e, `${name}.weight`, [cout, cin, k, k]);
  const b = param(e, `${name}.bias`, [cout]);
  return e.op('Conv', [x, w, b], { kernel_shape: ints([k, k]), pads: ints([pad, pad, pad, pad]), strides: ints([stride, stride]) });
}

/** GroupNorm over [B, C, H, W] (or [B, C, S]) with `groups` groups and a per-channel affine. */
export function groupNorm(e: GraphEmitter, x: string, name: string, channels: number, groups: number, eps: number): string {
  const grouped = e.op('Reshape', [x, e.ints([0, groups, -1])]);
  const ones = e.constant(new Array(groups).fill(1));
  const zeros = e.constant(new Array(groups).fill(0));
  const normed = e.op('Reshape', [e.op('InstanceNormalization', [grouped, ones, zeros], { epsilon: float(eps) }), e.op('Shape', [x])]);
  const gamma = param(e, `${name}.weight`, [channels, 1, 1]);
  const beta = param(e, `${name}.bias`, [channels, 1, 1]);
  return e.op('Add', [e.op('Mul', [normed, gamma]), beta]);
}

export function layerNorm16(e: GraphEmitter, x: string, name: string, width: number, eps = 1e-5): string {
  const w = param(e, `${name}.weight`, [width]);
  const b = param(e, `${name}.bias`, [width]);
  return e.op('LayerNormalization', [x, w, b], { axis: int(-1), epsilon: float(eps), stash_type: int(1) });
}

/** Multi-head attention in float16; `bias` is an additive [1, 1, S, L] mask (CLIP's causal mask). */
export function mha(e: GraphEmitter, q: string, k: string, v: string, heads: number, bias?: string): string {
  const inputs = bias ? [q, k, v, '', '', bias] : [q, k, v];
  return e.msOp('MultiHeadAttention', inputs, { num_heads: int(heads) });
}

/** ResnetBlock2D: GN → SiLU → conv → + temb → GN → SiLU → conv, plus a 1×1 shortcut when widths differ. */
export function resnet(
  e: GraphEmitter,
  x: string,
  name: string,
  cin: number,
  cout: number,
  groups: number,
  temb?: { value: string; width: number },
): string {
  let h = conv(e, silu(e, groupNorm(e, x, `${name}.norm1`, cin, groups, 1e-5)), `${name}.conv1`, cout, cin, 3);
  if (temb) {
    const t = dense(e, silu(e, temb.value), `${name}.time_emb_proj`, cout, temb.width);
    h = e.op('Add', [h, e.op('Unsqueeze', [t, e.ints([2, 3])])]);
  }
  h = conv(e, silu(e, groupNorm(e, h, `${name}.norm2`, cout, groups, 1e-5)), `${name}.conv2`, cout, cout, 3);
  const skip = cin === cout ? x : conv(e, x, `${name}.conv_shortcut`, cout, cin, 1);
  return e.op('Add', [skip, h]);
}

/** BasicTransformerBlock: self-attention, cross-attention on `ctx`, GEGLU feed-forward (pre-norm, residual). */
function transformerBlock(e: GraphEmitter, x: string, name: string, C: number, ctx: { value: string; width: number }): string {
  const heads = C / 64;
  let n = layerNorm16(e, x, `${name}.norm1`, C);
  const self = (p: string) => dense(e, n, `${name}.attn1.${p}`, C, C, false);
  let h = e.op('Add', [x, dense(e, mha(e, self('to_q'), self('to_k'), self('to_v'), heads), `${name}.attn1.to_out.0`, C, C)]);
  n = layerNorm16(e, h, `${name}.norm2`, C);
  const q = dense(e, n, `${name}.attn2.to_q`, C, C, false);
  const k = dense(e, ctx.value, `${name}.attn2.to_k`, C, ctx.width, false);
  const v = dense(e, ctx.value, `${name}.attn2.to_v`, C, ctx.width, false);
  h = e.op('Add', [h, dense(e, mha(e, q, k, v, heads), `${name}.attn2.to_out.0`, C, C)]);
  n = layerNorm16(e, h, `${name}.norm3`, C);
  const proj = dense(e, n, `${name}.ff.net.0.proj`, 8 * C, C);
  const [a, gate] = [`${proj}_a`, `${proj}_gate`];
  e.g.op('Split', [proj, e.ints([4 * C, 4 * C])], { axis: int(-1) }, [a, gate]);
  return e.op('Add', [h, dense(e, e.op('Mul', [a, gelu(e, gate)]), `${name}.ff.net.2`, C, 4 * C)]);
}

/** Transformer2DModel with linear projections (SDXL): GN → proj_in → blocks → proj_out → + x. */
export function spatialTransformer(
  e: GraphEmitter,
  x: string,
  name: string,
  C: number,
  layers: number,
  ctx: { value: string; width: number },
  groups: number,
): string {
  const n = groupNorm(e, x, `${name}.norm`, C, groups, 1e-6);
  let h = e.op('Transpose', [e.op('Reshape', [n, e.ints([0, C, -1])])], { perm: ints([0, 2, 1]) });
  h = dense(e, h, `${name}.proj_in`, C, C);
  for (let i = 0; i < layers; i++) h = transformerBlock(e, h, `${name}.transformer_blocks.${i}`, C, ctx);
  h = dense(e, h, `${name}.proj_out`, C, C);
  const back = e.op('Reshape', [e.op('Transpose', [h], { perm: ints([0, 2, 1]) }), e.op('Shape', [x])]);
  return e.op('Add', [back, x]);
}

/** Nearest ×2 upsampling spelled with Expand (every EP has it, in float16 too), then a 3×3 conv. */
export function upsample(e: GraphEmitter, x: string, name: string, C: number): string {
  const shape = e.op('Shape', [x]);
  const hw = (i: number) => e.op('Slice', [shape, e.ints([i]), e.ints([i + 1])]);
  const [b, c, h, w] = [hw(0), hw(1), hw(2), hw(3)];
  const two = e.ints([2]);
  const six = e.op('Unsqueeze', [x, e.ints([3, 5])]); // [B, C, H, 1, W, 1]
  const big = e.op('Expand', [six, e.op('Concat', [b, c, h, two, w, two], { axis: int(0) })]);
  const up = e.op('Reshape', [big, e.op('Concat', [b, c, e.op('Mul', [h, two]), e.op('Mul', [w, two])], { axis: int(0) })]);
  return conv(e, up, `${name}.conv`, C, C, 3);
}

/** Sinusoidal embedding of a float16 tensor's values (diffusers' Timesteps, flip_sin_to_cos, shift 0): [..., dim]. */
export function sinusoid(e: GraphEmitter, x: string, dim: number): string {
  const half = dim / 2;
  const freqs = Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  const args = e.op('Mul', [e.op('Unsqueeze', [e.op('Cast', [x], { to: int(1) }), e.ints([-1])]), e.g.constant('float32', freqs, [half])]);
  return e.toFloat16(e.op('Concat', [e.op('Cos', [args]), e.op('Sin', [args])], { axis: int(-1) }));
}
