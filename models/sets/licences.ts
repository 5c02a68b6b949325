import type { Licence } from '../model-set';

export const SDXL_TURBO_LICENCE: Licence = {
  name: 'Stability AI Non-Commercial Community License (sai-nc-community)',
  url: 'https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md',
  terms: 'Research and non-commercial use; commercial use needs a Stability AI membership or licence.',
  covers: ['textEncoder', 'textEncoder2', 'unet', 'vaeDecoder'],
};

export const RMBG_LICENCE: Licence = {
  name: 'BRIA RMBG-1.4 licence (bria-rmbg-1.4)',
  url: 'https://huggingface.co/briaai/RMBG-1.4',
  terms: 'Creative Commons style licence for non-commercial use only; commercial use needs an agreement with BRIA.',
  covers: ['rmbg'],
};

export const PARTCRAFTER_LICENCE: Licence = {
  name: 'PartCrafter (MIT code) with TripoSG / DINOv2 weights terms',
  url: 'https://huggingface.co/wgsxm/PartCrafter',
  terms: 'Code under MIT; the weights build on TripoSG and carry Tencent Hunyuan community terms — read them before use.',
  covers: ['imageEncoder', 'dit', 'vaeKv', 'vaeQuery'],
};
