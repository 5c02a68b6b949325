// The tensors the image encoder needs from `image_encoder_dinov2/model.safetensors` (transformers
// Dinov2Model, docs/models/partcrafter.md §3.2), key → shape. Keys have no `dinov2.` prefix. `embeddings.mask_token` exists
// in the file but is unused, so it is not required.
import type { KeyShapes } from './partcrafter-keys';

export interface Dinov2Config {
  /** `hidden_size`. */
  hidden: number;
  /** `num_hidden_layers`. */
  layers: number;
  /** `num_attention_heads`. */
  heads: number;
  /** `mlp_ratio`: the MLP is hidden × ratio wide. */
  mlpRatio: number;
  /** `patch_size`. */
  patch: number;
  /** `image_size` the position embedding was trained at (518): its grid is image_size / patch square. */
  imageSize: number;
  /** Side of the square input the graph takes (the preprocessor's crop, 224). */
  crop: number;
  /** `num_channels`. */
  channels: number;
  /** `layer_norm_eps`. */
  eps: number;
}

export const DINOV2_CONFIG: Dinov2Config = {
  hidden: 1024,
  layers: 24,
  heads: 16,
  mlpRatio: 4,
  patch: 14,
  imageSize: 518,
  crop: 224,
  channels: 3,
  eps: 1e-6,
};

export function resolveDinov2Config(overrides: Partial<Dinov2Config> = {}): Dinov2Config {
  const c = { ...DINOV2_CONFIG, ...overrides };
  if (c.hidden % c.heads) throw new Error(`DINOv2 config: hidden ${c.hidden} is not divisible by ${c.heads} heads`);
  if (c.crop % c.patch) throw new Error(`DINOv2 config: crop ${c.crop} is not a multiple of the ${c.patch}-pixel patch`);
  return c;
}

/** Side of the stored position grid (37 for 518 / 14). */
export function trainedGrid(c: Dinov2Config): number {
  return Math.floor(c.imageSize / c.patch);
}

/** Side of the input's patch grid (16 for 224 / 14). */
export function inputGrid(c: Dinov2Config): number {
  return Math.floor(c.crop / c.patch);
}

export function dinov2Keys(overrides: Partial<Dinov2Config> = {}): KeyShapes {
  const c = resolveDinov2Config(overrides);
  const D = c.hidden;
  const G = trainedGrid(c);
  const keys: KeyShapes = {
    'embeddings.cls_token': [1, 1, D],
    'embeddings.position_embeddings': [1, 1 + G * G, D],
    'embeddings.patch_embeddings.projection.weight': [D, c.channels, c.patch, c.patch],
    'embeddings.patch_embeddings.projection.bias': [D],
  };
  const vec = (k: string) => (keys[k] = [D]);
  const lin = (p: string, out: number, inp: number) => {
    keys[`${p}.weight`] = [out, inp];
    keys[`${p}.bias`] = [out];
  };
  for (let i = 0; i < c.layers; i++) {
    const l = `encoder.layer.${i}`;
    vec(`${l}.norm1.weight`);
    vec(`${l}.norm1.bias`);
    for (const n of ['query', 'key', 'value']) lin(`${l}.attention.attention.${n}`, D, D);
    lin(`${l}.attention.output.dense`, D, D);
    vec(`${l}.layer_scale1.lambda1`);
    vec(`${l}.norm2.weight`);
    vec(`${l}.norm2.bias`);
    lin(`${l}.mlp.fc1`, c.mlpRatio * D, D);
    lin(`${l}.mlp.fc2`, D, c.mlpRatio * D);
    vec(`${l}.layer_scale2.lambda1`);
  }
  vec('layernorm.weight');
  vec('layernorm.bias');
  return keys;
}
