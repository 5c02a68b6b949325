// The tensors the compiler needs from PartCrafter's checkpoints, key → shape, derived from the module
// structure in docs/models/partcrafter.md (§4.4 DiT, §5 VAE kv graph, §6 VAE query graph). That
// key list is itself derived from the modules, not read from headers; expectTensors on the real files is the check.
// Linear weights are [out, in].

export interface PartCrafterConfig {
  /** DiT width D (transformer/config.json `width`). */
  width: number;
  /** DiT blocks (`num_layers`); blocks after the middle one take a long skip. */
  layers: number;
  /** DiT heads; RMSNorm q/k weights are one head wide. */
  heads: number;
  /** Blocks whose self-attention spans all parts of an object (`global_attn_block_ids`); the rest are local. */
  globalBlocks: number[];
  /** Latent channels per token (`in_channels`). */
  inChannels: number;
  /** DINOv2 token width (`cross_attention_dim`). */
  crossDim: number;
  /** Rows of the part-embedding table (`max_num_parts`). */
  maxParts: number;
  /** VAE decoder width (`width_decoder`). */
  vaeWidth: number;
  /** VAE decoder self-attention blocks (`num_layers_decoder`); one cross block follows them. */
  vaeLayers: number;
  /** VAE decoder heads (`num_attention_heads`). */
  vaeHeads: number;
  /** VAE latent channels (`latent_channels`). */
  vaeLatentChannels: number;
  /** Point coordinates (`in_channels` of the VAE). */
  vaePointDim: number;
  /** Frequencies of the point embedding (`embed_frequency`): 2^k for k = 0…n−1. */
  vaeEmbedFrequency: number;
  /** `embed_include_pi`: the frequencies are multiplied by π (false in the released config). */
  vaeIncludePi: boolean;
  /** FeedForward hidden = ffMult × width (diffusers default 4). */
  ffMult: number;
}

/** The released wgsxm/PartCrafter configs (docs/models/partcrafter.md §1). */
export const PARTCRAFTER_CONFIG: PartCrafterConfig = {
  width: 2048,
  layers: 21,
  heads: 16,
  globalBlocks: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
  inChannels: 64,
  crossDim: 1024,
  maxParts: 32,
  vaeWidth: 1024,
  vaeLayers: 16,
  vaeHeads: 8,
  vaeLatentChannels: 64,
  vaePointDim: 3,
  vaeEmbedFrequency: 8,
  vaeIncludePi: false,
  ffMult: 4,
};

export type KeyShapes = Record<string, number[]>;

function linear(keys: KeyShapes, prefix: string, out: number, inp: number, bias = true): void {
  keys[`${prefix}.weight`] = [out, inp];
  if (bias) keys[`${prefix}.bias`] = [out];
}

function layerNorm(keys: KeyShapes, prefix: string, width: number): void {
  keys[`${prefix}.weight`] = [width];
  keys[`${prefix}.bias`] = [width];
}

function feedForward(keys: KeyShapes, prefix: string, width: number, mult: number): void {
  linear(keys, `${prefix}.ff.net.0.proj`, mult * width, width);
  linear(keys, `${prefix}.ff.net.2`, width, mult * width);
}

/** q/k/v without bias (packed-head layout is a matter of row order, not shape), out projection with. */
function attention(keys: KeyShapes, prefix: string, width: number, kvIn: number, qkNorm: number | null): void {
  linear(keys, `${prefix}.to_q`, width, width, false);
  linear(keys, `${prefix}.to_k`, width, kvIn, false);
  linear(keys, `${prefix}.to_v`, width, kvIn, false);
  if (qkNorm !== null) {
    keys[`${prefix}.norm_q.weight`] = [qkNorm];
    keys[`${prefix}.norm_k.weight`] = [qkNorm];
  }
  linear(keys, `${prefix}.to_out.0`, width, width);
}

export function resolvePartCrafterConfig(overrides: Partial<PartCrafterConfig> = {}): PartCrafterConfig {
  const c = { ...PARTCRAFTER_CONFIG, ...overrides };
  if (c.width % c.heads) throw new Error(`PartCrafter config: width ${c.width} is not divisible by ${c.heads} heads`);
  if (c.vaeWidth % c.vaeHeads) throw new Error(`PartCrafter config: VAE width ${c.vaeWidth} is not divisible by ${c.vaeHeads} heads`);
  return c;
}

const resolve = resolvePartCrafterConfig;

/** `transformer/diffusion_pytorch_model.safetensors` (docs/models/partcrafter.md §4.4), part_embedding included. */
export function partCrafterTransformerKeys(overrides: Partial<PartCrafterConfig> = {}): KeyShapes {
  const c = resolve(overrides);
  const D = c.width;
  const keys: KeyShapes = {};
  linear(keys, 'proj_in', D, c.inChannels);
  linear(keys, 'time_proj.linear_1', c.ffMult * D, D);
  linear(keys, 'time_proj.linear_2', D, c.ffMult * D);
  keys['part_embedding.weight'] = [c.maxParts, D];
  const middle = Math.floor(c.layers / 2);
  for (let i = 0; i < c.layers; i++) {
    const b = `blocks.${i}`;
    // §4.3: blocks after the middle fuse the mirrored block's output, skip first then current.
    if (i > middle) {
      linear(keys, `${b}.skip_linear`, D, 2 * D);
      layerNorm(keys, `${b}.skip_norm`, D);
    }
    layerNorm(keys, `${b}.norm1`, D);
    attention(keys, `${b}.attn1`, D, D, D / c.heads);
    layerNorm(keys, `${b}.norm2`, D);
    attention(keys, `${b}.attn2`, D, c.crossDim, D / c.heads);
    layerNorm(keys, `${b}.norm3`, D);
    feedForward(keys, b, D, c.ffMult);
  }
  layerNorm(keys, 'norm_out', D);
  linear(keys, 'proj_out', c.inChannels, D);
  return keys;
}

/**
 * The decoder path of `vae/diffusion_pytorch_model.safetensors` (docs/models/partcrafter.md §5–6): post_quant, the
 * self-attention blocks, the point-query projection, the cross-attention block and the output head.
 * The encoder and quant are not needed and not listed.
 */
export function partCrafterVaeDecoderKeys(overrides: Partial<PartCrafterConfig> = {}): KeyShapes {
  const c = resolve(overrides);
  const W = c.vaeWidth;
  const keys: KeyShapes = {};
  linear(keys, 'post_quant', W, c.vaeLatentChannels);
  for (let i = 0; i < c.vaeLayers; i++) {
    const b = `decoder.blocks.${i}`;
    layerNorm(keys, `${b}.norm1`, W);
    attention(keys, `${b}.attn1`, W, W, null);
    layerNorm(keys, `${b}.norm3`, W);
    feedForward(keys, b, W, c.ffMult);
  }
  // Frequency embedding: the point itself, then sin and cos of pointDim × frequency products.
  const embedDim = c.vaePointDim * (1 + 2 * c.vaeEmbedFrequency);
  linear(keys, 'decoder.proj_query', W, embedDim);
  const cross = `decoder.blocks.${c.vaeLayers}`;
  layerNorm(keys, `${cross}.norm2`, W);
  attention(keys, `${cross}.attn2`, W, W, null);
  layerNorm(keys, `${cross}.attn2.norm_cross`, W);
  layerNorm(keys, `${cross}.norm3`, W);
  feedForward(keys, cross, W, c.ffMult);
  layerNorm(keys, 'decoder.norm_out', W);
  linear(keys, 'decoder.proj_out', 1, W);
  return keys;
}

/** Total elements over a key → shape map. */
export function parameterCount(keys: KeyShapes): number {
  let total = 0;
  for (const shape of Object.values(keys)) total += shape.reduce((a, b) => a * b, 1);
  return total;
}
