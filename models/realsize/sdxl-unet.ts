// The SDXL Turbo UNet stand-in: diffusers' UNet2DConditionModel at SDXL's configuration (block widths
// 320/640/1280, 0/2/10 transformer layers per resnet, 2 resnets down and 3 up, text_time added
// embedding over time_ids and the pooled text embedding, cross-attention on 2048-wide context), with the
// contract's float16 inputs and output. `UNET_CONFIG` is the released size; tests use a small config.
import type { GraphEmitter } from '../compiler/emit';
import type { GraphPlan } from '../compiler/plan';
import { conv, dense, groupNorm, resnet, silu, sinusoid, spatialTransformer, standInEmitter, upsample } from './sdxl-layers';

export interface UnetConfig {
  channels: number[];
  /** Transformer layers after each resnet of a level (0: no attention there). */
  layers: number[];
  latent: number;
  latentChannels: number;
  context: number;
  pooled: number;
  timeDim: number;
  addTimeDim: number;
  groups: number;
}

export const UNET_CONFIG: UnetConfig = {
  channels: [320, 640, 1280],
  layers: [0, 2, 10],
  latent: 64,
  latentChannels: 4,
  context: 2048,
  pooled: 1280,
  timeDim: 320,
  addTimeDim: 256,
  groups: 32,
};

function embeddings(e: GraphEmitter, c: UnetConfig): { value: string; width: number } {
  const width = c.channels[0] * 4;
  const timestep = e.g.input('timestep', 'float16', [1]);
  const t = dense(
    e,
    silu(e, dense(e, sinusoid(e, timestep, c.timeDim), 'time_embedding.linear_1', width, c.timeDim)),
    'time_embedding.linear_2',
    width,
    width,
  );
  const textEmbeds = e.g.input('text_embeds', 'float16', ['unet_text_embeds_batch', c.pooled]);
  const timeIds = e.g.input('time_ids', 'float16', ['unet_time_ids_batch', 6]);
  const ids = e.op('Reshape', [sinusoid(e, timeIds, c.addTimeDim), e.ints([0, 6 * c.addTimeDim])]);
  const addIn = c.pooled + 6 * c.addTimeDim;
  const added = e.op('Concat', [textEmbeds, ids], { axis: { kind: 'int', value: -1 } });
  const aug = dense(e, silu(e, dense(e, added, 'add_embedding.linear_1', width, addIn)), 'add_embedding.linear_2', width, width);
  return { value: e.op('Add', [t, aug]), width };
}

export function planUnet(c: UnetConfig = UNET_CONFIG): GraphPlan {
  const e = standInEmitter('unet', 'unet_model_q4f16.onnx');
  const sample = e.g.input('sample', 'float16', ['unet_sample_batch', c.latentChannels, c.latent, c.latent]);
  const temb = embeddings(e, c);
  const ctx = {
    value: e.g.input('encoder_hidden_states', 'float16', ['unet_hidden_batch', 'unet_hidden_sequence', c.context]),
    width: c.context,
  };
  const G = c.groups;
  const levels = c.channels.length;

  let h = conv(e, sample, 'conv_in', c.channels[0], c.latentChannels, 3);
  const skips: { value: string; width: number }[] = [{ value: h, width: c.channels[0] }];
  let width = c.channels[0];
  for (let l = 0; l < levels; l++) {
    const C = c.channels[l];
    for (let r = 0; r < 2; r++) {
      const name = `down_blocks.${l}`;
      h = resnet(e, h, `${name}.resnets.${r}`, width, C, G, temb);
      width = C;
      if (c.layers[l]) h = spatialTransformer(e, h, `${name}.attentions.${r}`, C, c.layers[l], ctx, G);
      skips.push({ value: h, width });
    }
    if (l < levels - 1) {
      h = conv(e, h, `down_blocks.${l}.downsamplers.0.conv`, C, C, 3, 2);
      skips.push({ value: h, width });
    }
  }
  const top = c.channels[levels - 1];
  h = resnet(e, h, 'mid_block.resnets.0', top, top, G, temb);
  h = spatialTransformer(e, h, 'mid_block.attentions.0', top, c.layers[levels - 1], ctx, G);
  h = resnet(e, h, 'mid_block.resnets.1', top, top, G, temb);

  for (let u = 0; u < levels; u++) {
    const l = levels - 1 - u;
    const C = c.channels[l];
    const name = `up_blocks.${u}`;
    for (let r = 0; r < 3; r++) {
      const skip = skips.pop()!;
      h = e.op('Concat', [h, skip.value], { axis: { kind: 'int', value: 1 } });
      h = resnet(e, h, `${name}.resnets.${r}`, width + skip.width, C, G, temb);
      width = C;
      if (c.layers[l]) h = spatialTransformer(e, h, `${name}.attentions.${r}`, C, c.layers[l], ctx, G);
    }
    if (l > 0) h = upsample(e, h, `${name}.upsamplers.0`, C);
  }
  h = conv(e, silu(e, groupNorm(e, h, 'conv_norm_out', width, G, 1e-5)), 'conv_out', c.latentChannels, width, 3);
  e.op('Identity', [h], {}, 'out_sample');
  e.g.output('out_sample', 'float16', ['unet_sample_batch', c.latentChannels, c.latent, c.latent]);
  return e.plan();
}
