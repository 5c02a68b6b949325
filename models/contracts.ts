// One declaration per graph: input/output names, dtypes and shapes, taken from docs/models/.
// Numbers are fixed dims (from the set's ModelDims); strings are symbolic dims (batch, points...).
import type { DType } from '../src/leaf/tensor';
import { dinoTokens, latentSide, type GraphKey, type ModelSet } from './model-set';

export interface TensorSpec {
  name: string;
  dtype: DType;
  shape: (number | string)[];
}

export interface GraphContract {
  key: GraphKey;
  inputs: TensorSpec[];
  /** The outputs the graph's stage reads: a run fetches only these (src/runtime/graph-loader.ts). */
  outputs: TensorSpec[];
  /** Real exports may carry extra outputs after the ones we use (RMBG side outputs, CLIP hidden states). */
  extraOutputsAllowed?: boolean;
}

export function contractFor(set: ModelSet, key: GraphKey): GraphContract {
  const d = set.dims;
  const F = set.graphs[key].float;
  const L = d.textLength;
  const h = latentSide(d);
  const C = d.latentChannels;
  switch (key) {
    case 'textEncoder':
      return {
        key,
        inputs: [{ name: 'input_ids', dtype: 'int32', shape: [1, L] }],
        outputs: [{ name: 'hidden_states.11', dtype: F, shape: [1, L, d.textHidden1] }],
        extraOutputsAllowed: true,
      };
    case 'textEncoder2':
      return {
        key,
        inputs: [{ name: 'input_ids', dtype: 'int64', shape: [1, L] }],
        outputs: [
          { name: 'hidden_states.31', dtype: F, shape: [1, L, d.textHidden2] },
          { name: 'text_embeds', dtype: F, shape: [1, d.pooledDim] },
        ],
        extraOutputsAllowed: true,
      };
    case 'unet':
      return {
        key,
        inputs: [
          { name: 'sample', dtype: F, shape: ['batch', C, h, h] },
          { name: 'timestep', dtype: F, shape: [1] },
          { name: 'encoder_hidden_states', dtype: F, shape: ['batch', L, d.textHidden1 + d.textHidden2] },
          { name: 'text_embeds', dtype: F, shape: ['batch', d.pooledDim] },
          { name: 'time_ids', dtype: F, shape: ['batch', 6] },
        ],
        outputs: [{ name: 'out_sample', dtype: F, shape: ['batch', C, h, h] }],
      };
    case 'vaeDecoder':
      return {
        key,
        inputs: [{ name: 'latent_sample', dtype: F, shape: ['batch', C, h, h] }],
        outputs: [{ name: 'sample', dtype: F, shape: ['batch', 3, d.imageSize, d.imageSize] }],
      };
    case 'rmbg':
      return {
        key,
        inputs: [{ name: 'input', dtype: F, shape: ['batch', 3, d.rmbgSize, d.rmbgSize] }],
        outputs: [{ name: 'output', dtype: F, shape: ['batch', 1, d.rmbgSize, d.rmbgSize] }],
        extraOutputsAllowed: true,
      };
    case 'imageEncoder':
      return {
        key,
        inputs: [{ name: 'pixel_values', dtype: F, shape: ['batch', 3, d.dinoCrop, d.dinoCrop] }],
        outputs: [{ name: 'last_hidden_state', dtype: F, shape: ['batch', dinoTokens(d), d.dinoHidden] }],
      };
    case 'dit':
      return {
        key,
        inputs: [
          { name: 'hidden_states', dtype: F, shape: ['batch', 'tokens', d.partChannels] },
          { name: 'timestep', dtype: F, shape: ['batch'] },
          { name: 'encoder_hidden_states', dtype: F, shape: ['batch', dinoTokens(d), d.dinoHidden] },
          { name: 'part_ids', dtype: 'int64', shape: ['batch'] },
          { name: 'num_parts', dtype: 'int64', shape: [1] },
        ],
        outputs: [{ name: 'velocity', dtype: F, shape: ['batch', 'tokens', d.partChannels] }],
      };
    case 'vaeKv':
      return {
        key,
        inputs: [{ name: 'latents', dtype: F, shape: [1, 'tokens', d.partChannels] }],
        outputs: [{ name: 'kv', dtype: F, shape: [1, 'tokens', d.kvWidth] }],
      };
    case 'vaeQuery':
      return {
        key,
        inputs: [
          { name: 'points', dtype: F, shape: [1, 'points', 3] },
          { name: 'kv', dtype: F, shape: [1, 'tokens', d.kvWidth] },
        ],
        outputs: [{ name: 'logits', dtype: F, shape: [1, 'points', 1] }],
      };
  }
}
