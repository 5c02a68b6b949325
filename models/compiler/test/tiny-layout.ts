// A tiny checkpoint folder laid out like wgsxm/PartCrafter (docs/models/partcrafter.md §1): config.json files with the tiny
// test configs and the three safetensors files, optionally edited to be wrong.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ditCase, dinoCase, TINY, TINY_DINO, vaeKvCase } from './cases';
import type { WriteTensor } from './safetensors-writer';
import { writeSafetensors } from './safetensors-writer';
import { headerLength, parseHeader } from '../safetensors-header';

export const TINY_CONFIGS = {
  'transformer/config.json': {
    _class_name: 'PartCrafterDiTModel',
    width: TINY.width,
    num_layers: TINY.layers,
    num_attention_heads: TINY.heads,
    in_channels: TINY.inChannels,
    cross_attention_dim: TINY.crossDim,
    max_num_parts: TINY.maxParts,
    enable_part_embedding: true,
    enable_local_cross_attn: true,
    enable_global_cross_attn: true,
    global_attn_block_ids: TINY.globalBlocks,
    global_attn_block_id_range: null,
  },
  'vae/config.json': {
    _class_name: 'TripoSGVAEModel',
    in_channels: 3,
    latent_channels: TINY.vaeLatentChannels,
    num_attention_heads: TINY.vaeHeads,
    width_encoder: 16,
    width_decoder: TINY.vaeWidth,
    num_layers_encoder: 1,
    num_layers_decoder: TINY.vaeLayers,
    embedding_type: 'frequency',
    embed_frequency: 8,
    embed_include_pi: false,
  },
  'image_encoder_dinov2/config.json': {
    model_type: 'dinov2',
    hidden_size: TINY_DINO.hidden,
    num_hidden_layers: TINY_DINO.layers,
    num_attention_heads: TINY_DINO.heads,
    mlp_ratio: 4,
    patch_size: TINY_DINO.patch,
    image_size: TINY_DINO.imageSize,
    num_channels: 3,
    layer_norm_eps: 1e-6,
    hidden_act: 'gelu',
    qkv_bias: true,
    use_swiglu_ffn: false,
    layerscale_value: 1.0,
    torch_dtype: 'float16',
  },
  'feature_extractor_dinov2/preprocessor_config.json': {
    crop_size: { height: TINY_DINO.crop, width: TINY_DINO.crop },
    do_center_crop: true,
  },
};

export const WEIGHT_FILES = {
  'image_encoder_dinov2/model.safetensors': dinoCase.checkpoint.bytes,
  'transformer/diffusion_pytorch_model.safetensors': ditCase.checkpoint.bytes,
  'vae/diffusion_pytorch_model.safetensors': vaeKvCase.checkpoint.bytes,
};

/** The tensors of a safetensors file, to edit and write again. */
export function tensorsOf(bytes: Uint8Array): Record<string, WriteTensor> {
  const n = headerLength(bytes.subarray(0, 8), bytes.length);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length);
  const out: Record<string, WriteTensor> = {};
  for (const t of header.tensors.values())
    out[t.name] = { dtype: t.dtype, shape: t.shape, bytes: bytes.slice(t.byteOffset, t.byteOffset + t.byteLength) };
  return out;
}

export function writeTinyLayout(
  root: string,
  edit?: { file: keyof typeof WEIGHT_FILES; change(t: Record<string, WriteTensor>): void },
): void {
  for (const [path, json] of Object.entries(TINY_CONFIGS)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(json));
  }
  for (const [path, bytes] of Object.entries(WEIGHT_FILES)) {
    let out: Uint8Array = bytes;
    if (edit?.file === path) {
      const tensors = tensorsOf(bytes);
      edit.change(tensors);
      out = writeSafetensors(tensors);
    }
    writeFileSync(join(root, path), out);
  }
}

/** An edit for writeTinyLayout that renames one tensor of a weight file: a header the key maps miss. */
export function renamedTensor(
  file: keyof typeof WEIGHT_FILES,
  from: string,
  to = `${from}_renamed`,
): Parameters<typeof writeTinyLayout>[1] {
  return {
    file,
    change: (t) => {
      t[to] = t[from];
      delete t[from];
    },
  };
}
