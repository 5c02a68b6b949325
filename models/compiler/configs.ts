// The checkpoint's config.json files (docs/models/partcrafter.md §1) → the compiler's configs. Every field the graphs depend
// on is read and checked; a value the graphs cannot reproduce (a SwiGLU DINO, a VAE with another point
// embedding, a DiT without part embedding) is refused by name rather than compiled wrongly.
import { resolveDinov2Config, type Dinov2Config } from './dinov2-keys';
import { resolvePartCrafterConfig, type PartCrafterConfig } from './partcrafter-keys';

export class CheckpointConfigError extends Error {
  override name = 'CheckpointConfigError';
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field} ${detail}`);
  }
}

type Json = Record<string, unknown>;

function reader(file: string, raw: unknown) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CheckpointConfigError(file, '(root)', 'is not a JSON object');
  const j = raw as Json;
  const count = (field: string, fallback?: number): number => {
    const v = j[field] ?? fallback;
    if (!Number.isSafeInteger(v) || (v as number) < 1)
      throw new CheckpointConfigError(file, field, `must be a positive whole number (got ${JSON.stringify(j[field])})`);
    return v as number;
  };
  const num = (field: string, fallback?: number): number => {
    const v = j[field] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new CheckpointConfigError(file, field, `must be a number (got ${JSON.stringify(j[field])})`);
    return v;
  };
  const expect = (field: string, allowed: unknown[], fallback?: unknown): unknown => {
    const v = j[field] ?? fallback;
    if (!allowed.includes(v)) {
      throw new CheckpointConfigError(
        file,
        field,
        `is ${JSON.stringify(j[field])}; the compiler supports ${allowed.map((a) => JSON.stringify(a)).join(' or ')}`,
      );
    }
    return v;
  };
  return { j, count, num, expect };
}

/** transformer/config.json + vae/config.json. */
export function partCrafterConfigFrom(transformer: unknown, vae: unknown): PartCrafterConfig {
  const t = reader('transformer/config.json', transformer);
  const v = reader('vae/config.json', vae);
  t.expect('enable_part_embedding', [true]);
  t.expect('enable_local_cross_attn', [true], true);
  t.expect('enable_global_cross_attn', [true], true);
  const layers = t.count('num_layers');
  const ids = t.j.global_attn_block_ids;
  if (!Array.isArray(ids) || !ids.every((i) => Number.isSafeInteger(i) && i >= 0 && i < layers)) {
    throw new CheckpointConfigError(
      'transformer/config.json',
      'global_attn_block_ids',
      `must list block indices below ${layers} (got ${JSON.stringify(ids)})`,
    );
  }
  if (t.j.global_attn_block_id_range != null) {
    throw new CheckpointConfigError(
      'transformer/config.json',
      'global_attn_block_id_range',
      'is set; the compiler reads global_attn_block_ids only',
    );
  }
  v.expect('embedding_type', ['frequency'], 'frequency');
  return resolvePartCrafterConfig({
    width: t.count('width'),
    layers,
    heads: t.count('num_attention_heads'),
    globalBlocks: ids as number[],
    inChannels: t.count('in_channels'),
    crossDim: t.count('cross_attention_dim'),
    maxParts: t.count('max_num_parts'),
    vaeWidth: v.count('width_decoder'),
    vaeLayers: v.count('num_layers_decoder'),
    vaeHeads: v.count('num_attention_heads'),
    vaeLatentChannels: v.count('latent_channels'),
    vaePointDim: v.count('in_channels'),
    vaeEmbedFrequency: v.count('embed_frequency'),
    vaeIncludePi: v.expect('embed_include_pi', [false, true], false) as boolean,
  });
}

/** image_encoder_dinov2/config.json + (optional) feature_extractor_dinov2/preprocessor_config.json. */
export function dinov2ConfigFrom(encoder: unknown, preprocessor?: unknown): Dinov2Config {
  const d = reader('image_encoder_dinov2/config.json', encoder);
  d.expect('use_swiglu_ffn', [false], false);
  d.expect('hidden_act', ['gelu'], 'gelu');
  d.expect('qkv_bias', [true], true);
  d.expect('num_register_tokens', [0], 0);
  let crop = 224;
  if (preprocessor !== undefined) {
    const p = reader('feature_extractor_dinov2/preprocessor_config.json', preprocessor);
    const size = p.j.crop_size;
    const side = typeof size === 'number' ? size : (size as Json | undefined)?.height;
    const width = typeof size === 'number' ? size : (size as Json | undefined)?.width;
    if (!Number.isSafeInteger(side) || side !== width) {
      throw new CheckpointConfigError(
        'feature_extractor_dinov2/preprocessor_config.json',
        'crop_size',
        `must be a square size (got ${JSON.stringify(size)})`,
      );
    }
    crop = side as number;
  }
  return resolveDinov2Config({
    hidden: d.count('hidden_size'),
    layers: d.count('num_hidden_layers'),
    heads: d.count('num_attention_heads'),
    mlpRatio: d.count('mlp_ratio', 4),
    patch: d.count('patch_size'),
    imageSize: d.count('image_size'),
    channels: d.count('num_channels', 3),
    eps: d.num('layer_norm_eps', 1e-6),
    crop,
  });
}
