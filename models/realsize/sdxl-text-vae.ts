// The SDXL Turbo text encoders and VAE decoder stand-ins. Text: transformers' CLIPTextModel (token and
// position embeddings, pre-norm layers with causal self-attention and an MLP; CLIP-L's quick GELU, bigG's
// exact GELU), giving the penultimate hidden state SDXL reads (`hidden_states.{layers-1}`) and, for
// bigG, the projected pooled `text_embeds` taken at the end-of-text token (argmax of the ids). VAE:
// AutoencoderKL's decoder (post_quant_conv, a mid block with one single-head attention, four up levels
// of three resnets), latent [B, 4, h, h] → image [B, 3, 8h, 8h].
import { int, ints } from '../onnx/builder';
import type { GraphEmitter } from '../compiler/emit';
import { gelu } from '../compiler/emit-ops';
import type { GraphPlan } from '../compiler/plan';
import { conv, dense, groupNorm, layerNorm16, mha, param, resnet, silu, standInEmitter, upsample } from './sdxl-layers';

export interface TextConfig {
  key: 'textEncoder' | 'textEncoder2';
  fileName: string;
  idsType: 'int32' | 'int64';
  layers: number;
  width: number;
  vocab: number;
  length: number;
  quickGelu: boolean;
  /** Width of the projected pooled output (bigG's text_embeds); 0: none. */
  projection: number;
}

export const CLIP_L: TextConfig = {
  key: 'textEncoder',
  fileName: 'text_encoder_model_q4f16.onnx',
  idsType: 'int32',
  layers: 12,
  width: 768,
  vocab: 49408,
  length: 77,
  quickGelu: true,
  projection: 0,
};
export const CLIP_BIG_G: TextConfig = {
  key: 'textEncoder2',
  fileName: 'text_encoder_2_model_q4f16.onnx',
  idsType: 'int64',
  layers: 32,
  width: 1280,
  vocab: 49408,
  length: 77,
  quickGelu: false,
  projection: 1280,
};

function quickGelu(e: GraphEmitter, x: string): string {
  return e.op('Mul', [x, e.op('Sigmoid', [e.op('Mul', [x, e.scalar(1.702)])])]);
}

export function planTextEncoder(c: TextConfig): GraphPlan {
  const e = standInEmitter(c.key, c.fileName);
  const D = c.width;
  const ids = e.g.input('input_ids', c.idsType, [1, c.length]);
  const tokens = e.op('Gather', [param(e, 'embeddings.token_embedding.weight', [c.vocab, D]), ids]);
  let h = e.op('Add', [tokens, param(e, 'embeddings.position_embedding.weight', [c.length, D])]);
  const L = c.length;
  const causal = Array.from({ length: L * L }, (_, i) => (i % L > Math.floor(i / L) ? -10000 : 0));
  const mask = e.constant(causal, [1, 1, L, L]);
  for (let i = 0; i < c.layers; i++) {
    const p = `encoder.layers.${i}`;
    const n = layerNorm16(e, h, `${p}.layer_norm1`, D);
    const proj = (name: string) => dense(e, n, `${p}.self_attn.${name}`, D, D);
    h = e.op('Add', [h, dense(e, mha(e, proj('q_proj'), proj('k_proj'), proj('v_proj'), D / 64, mask), `${p}.self_attn.out_proj`, D, D)]);
    const m = dense(e, layerNorm16(e, h, `${p}.layer_norm2`, D), `${p}.mlp.fc1`, 4 * D, D);
    h = e.op('Add', [h, dense(e, c.quickGelu ? quickGelu(e, m) : gelu(e, m), `${p}.mlp.fc2`, D, 4 * D)]);
    if (i === c.layers - 2) {
      e.op('Identity', [h], {}, `hidden_states.${c.layers - 1}`);
      e.g.output(`hidden_states.${c.layers - 1}`, 'float16', [1, L, D]);
    }
  }
  const last = layerNorm16(e, h, 'final_layer_norm', D);
  e.op('Identity', [last], {}, 'last_hidden_state');
  e.g.output('last_hidden_state', 'float16', [1, L, D]);
  if (c.projection) {
    const eos = e.op('ArgMax', [e.op('Cast', [ids], { to: int(6) })], { axis: int(-1), keepdims: int(0) });
    const pooled = e.op('Reshape', [e.op('Gather', [last, eos], { axis: int(1) }), e.ints([1, D])]);
    e.op('Identity', [dense(e, pooled, 'text_projection', c.projection, D, false)], {}, 'text_embeds');
    e.g.output('text_embeds', 'float16', [1, c.projection]);
  }
  return e.plan();
}

export interface VaeConfig {
  /** Up levels' widths, deepest first (AutoencoderKL block_out_channels reversed). */
  channels: number[];
  latent: number;
  latentChannels: number;
  groups: number;
}

export const VAE_CONFIG: VaeConfig = { channels: [512, 512, 256, 128], latent: 64, latentChannels: 4, groups: 32 };

export function planVaeDecoder(c: VaeConfig = VAE_CONFIG): GraphPlan {
  const e = standInEmitter('vaeDecoder', 'vae_decoder_model_q4f16.onnx');
  const G = c.groups;
  const z = e.g.input('latent_sample', 'float16', ['batch_size', c.latentChannels, 'height_latent', 'width_latent']);
  let h = conv(e, z, 'post_quant_conv', c.latentChannels, c.latentChannels, 1);
  let width = c.channels[0];
  h = conv(e, h, 'decoder.conv_in', width, c.latentChannels, 3);
  h = resnet(e, h, 'decoder.mid_block.resnets.0', width, width, G);
  // Single-head attention over the h² positions (diffusers' Attention with heads = 1).
  const n = groupNorm(e, h, 'decoder.mid_block.attentions.0.group_norm', width, G, 1e-6);
  const seq = e.op('Transpose', [e.op('Reshape', [n, e.ints([0, width, -1])])], { perm: ints([0, 2, 1]) });
  const proj = (name: string) => dense(e, seq, `decoder.mid_block.attentions.0.${name}`, width, width);
  const att = dense(e, mha(e, proj('to_q'), proj('to_k'), proj('to_v'), 1), 'decoder.mid_block.attentions.0.to_out.0', width, width);
  h = e.op('Add', [h, e.op('Reshape', [e.op('Transpose', [att], { perm: ints([0, 2, 1]) }), e.op('Shape', [h])])]);
  h = resnet(e, h, 'decoder.mid_block.resnets.1', width, width, G);
  c.channels.forEach((C, u) => {
    for (let r = 0; r < 3; r++) {
      h = resnet(e, h, `decoder.up_blocks.${u}.resnets.${r}`, width, C, G);
      width = C;
    }
    if (u < c.channels.length - 1) h = upsample(e, h, `decoder.up_blocks.${u}.upsamplers.0`, C);
  });
  h = conv(e, silu(e, groupNorm(e, h, 'decoder.conv_norm_out', width, G, 1e-6)), 'decoder.conv_out', 3, width, 3);
  e.op('Identity', [h], {}, 'sample');
  e.g.output('sample', 'float16', ['batch_size', 3, 'height', 'width']);
  return e.plan();
}
