// Graph 1 (docs/models/partcrafter.md §3): DINOv2 image encoder, pixel_values [B, 3, crop, crop] → last_hidden_state
// [B, 1 + g², D]. Patch Conv, CLS prepended, the position embedding resized offline to the input's grid
// (bicubic, bicubic.ts) and baked in, pre-norm layers with LayerScale, final LayerNorm on all tokens.
import { int, ints } from '../../onnx/builder';
import { resizePositionEmbedding } from '../bicubic';
import { inputGrid, trainedGrid, type Dinov2Config } from '../dinov2-keys';
import { GraphEmitter } from '../emit';
import { attention, fileLinear, fileParam, gelu, layerNorm, linear, splitLast } from '../emit-ops';
import type { CompileOptions } from '../options';
import type { GraphPlan } from '../plan';
import { readAll, stackRows, type WeightFile } from '../weights';

export function planImageEncoder(dino: WeightFile, c: Dinov2Config, options: CompileOptions): GraphPlan {
  const D = c.hidden;
  const G = trainedGrid(c);
  const g = inputGrid(c);
  const tokens = 1 + g * g;
  const e = new GraphEmitter('imageEncoder', 'image_encoder.onnx', options, [dino.identity]);
  const px = e.floatInput('pixel_values', ['batch', c.channels, c.crop, c.crop]);

  const proj = 'embeddings.patch_embeddings.projection';
  const conv = e.op(
    'Conv',
    [px, fileParam(e, dino, `${proj}.weight`, [D, c.channels, c.patch, c.patch]), fileParam(e, dino, `${proj}.bias`, [D])],
    {
      kernel_shape: ints([c.patch, c.patch]),
      strides: ints([c.patch, c.patch]),
    },
  );
  // [B, D, g, g] → [B, g², D], patches row-major.
  const patches = e.op('Transpose', [e.op('Reshape', [conv, e.ints([0, 0, -1])])], { perm: ints([0, 2, 1]) });
  // CLS for every image: expanded to the shape of one patch token ([B, 1, D]), so no int64 shape
  // arithmetic is needed (it would run on the CPU beside a WebGPU graph).
  const oneToken = e.op('Slice', [patches, e.ints([0]), e.ints([1]), e.ints([1])]);
  const cls = e.op('Expand', [fileParam(e, dino, 'embeddings.cls_token', [1, 1, D]), e.op('Shape', [oneToken])]);
  const pos = e.floatTensor(
    `embeddings.position_embeddings.${g}x${g}`,
    [1, tokens, D],
    ['embeddings.position_embeddings'],
    async (signal) => resizePositionEmbedding(await dino.float32('embeddings.position_embeddings', signal), G, g, D),
  );
  let h = e.op('Add', [e.op('Concat', [cls, patches], { axis: int(1) }), pos]);

  for (let i = 0; i < c.layers; i++) {
    const l = `encoder.layer.${i}`;
    const att = `${l}.attention.attention`;
    const names = ['query', 'key', 'value'].map((n) => `${att}.${n}`);
    const n1 = layerNorm(e, dino, h, `${l}.norm1`, D, c.eps);
    // Standard head layout: one fused q/k/v projection, split.
    const qkv = linear(e, n1, {
      name: `${att}.qkv`,
      N: 3 * D,
      K: D,
      sources: names.flatMap((n) => [`${n}.weight`, `${n}.bias`]),
      weight: async (signal) =>
        stackRows(
          await readAll(
            dino,
            names.map((n) => `${n}.weight`),
            signal,
          ),
        ),
      bias: async (signal) =>
        stackRows(
          await readAll(
            dino,
            names.map((n) => `${n}.bias`),
            signal,
          ),
        ),
    });
    const [q, k, v] = splitLast(e, qkv, D, 3);
    const a = fileLinear(e, dino, attention(e, q, k, v, c.heads, D, 1 / Math.sqrt(D / c.heads)), `${l}.attention.output.dense`, D, D);
    h = e.op('Add', [h, e.op('Mul', [a, fileParam(e, dino, `${l}.layer_scale1.lambda1`, [D])])]);
    const n2 = layerNorm(e, dino, h, `${l}.norm2`, D, c.eps);
    const m = fileLinear(e, dino, gelu(e, fileLinear(e, dino, n2, `${l}.mlp.fc1`, c.mlpRatio * D, D)), `${l}.mlp.fc2`, D, c.mlpRatio * D);
    h = e.op('Add', [h, e.op('Mul', [m, fileParam(e, dino, `${l}.layer_scale2.lambda1`, [D])])]);
  }
  e.floatOutput(layerNorm(e, dino, h, 'layernorm', D, c.eps), 'last_hidden_state', ['batch', tokens, D]);
  return e.plan();
}
