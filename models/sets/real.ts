// The real models (docs/models/). Downloading them is the model store's job; this declares what they are.
// Sizes here are third-party figures and there are no hashes: the store takes both from the host's file
// listing before downloading (src/store/host-hashes.ts).
import type { ModelSet } from '../model-set';
import { PARTCRAFTER_LICENCE, RMBG_LICENCE, SDXL_TURBO_LICENCE } from './licences';

// The Hub revision each repository's files are taken from; URLs name it (`resolve/{revision}/`). A branch
// moves: the store asks the host's listing for the expected hashes on every install and fetches a file
// whose hash changed again, from zero. Put a commit id here to freeze a set.
const SDXL_REVISION = 'main';
const RMBG_REVISION = 'main';
const SDXL = `webnn/sdxl-turbo/resolve/${SDXL_REVISION}/`;
const SDXL_UNET_DIMS = {
  unet_sample_batch: 1,
  unet_sample_channels: 4,
  unet_sample_height: 64,
  unet_sample_width: 64,
  unet_time_batch: 1,
  unet_hidden_batch: 1,
  unet_hidden_sequence: 77,
  unet_text_embeds_batch: 1,
  unet_text_embeds_size: 1280,
  unet_time_ids_batch: 1,
  unet_time_ids_size: 6,
};
// The PartCrafter graphs have no ONNX export: the model manager compiles them on this device from the
// official checkpoint (models/compiler, workers/compile.worker.ts) into the store beside the downloads.
const COMPILE_FIRST =
  'compile it first: in the app, open Models and press "Compile PartCrafter" on this set (it reads the official ' +
  'weights and builds the graphs on this device); for a server, `npm run compile -- --source <checkpoint> --out <set folder>/compiled/partcrafter`.';
const PARTCRAFTER = 'compiled/partcrafter/';

export const REAL_SET: ModelSet = {
  id: 'real',
  label: 'SDXL Turbo q4f16 + RMBG-1.4 + PartCrafter',
  kind: 'real',
  baseUrl: 'https://huggingface.co/',
  graphs: {
    textEncoder: {
      path: SDXL + 'onnx/text_encoder_model_q4f16.onnx',
      bytes: 124_433_929,
      float: 'float16',
      freeDims: { batch_size: 1, sequence_length: 77 },
    },
    textEncoder2: {
      path: SDXL + 'onnx/text_encoder_2_model_q4f16.onnx',
      bytes: 483_677_630,
      float: 'float16',
      freeDims: { batch_size: 1, sequence_length: 77 },
    },
    unet: { path: SDXL + 'onnx/unet_model_q4f16.onnx', bytes: 1_965_607_674, float: 'float16', freeDims: SDXL_UNET_DIMS },
    vaeDecoder: {
      path: SDXL + 'onnx/vae_decoder_model_q4f16.onnx',
      bytes: 97_617_257,
      float: 'float16',
      freeDims: { batch_size: 1, num_channels_latent: 4, height_latent: 64, width_latent: 64 },
    },
    // The float32 export. Its model_fp16.onnx most likely keeps float32 inputs/outputs (keep_io_types) and
    // would be declared `float: 'float32', weights: 'float16'` (half the download; on WebGPU it needs
    // shader-f16 or the derived float32 variant). Unconfirmed, so the set keeps the float32 file.
    rmbg: { path: `briaai/RMBG-1.4/resolve/${RMBG_REVISION}/onnx/model.onnx`, float: 'float32', weights: 'float32' },
    imageEncoder: { path: PARTCRAFTER + 'image_encoder.onnx', float: 'float32', builtOnDevice: COMPILE_FIRST },
    dit: { path: PARTCRAFTER + 'dit.onnx', float: 'float32', builtOnDevice: COMPILE_FIRST },
    vaeKv: { path: PARTCRAFTER + 'vae_kv.onnx', float: 'float32', builtOnDevice: COMPILE_FIRST },
    vaeQuery: { path: PARTCRAFTER + 'vae_query.onnx', float: 'float32', builtOnDevice: COMPILE_FIRST },
  },
  tokenizers: {
    clip1: { path: SDXL + 'tokenizer/tokenizer.json', bos: '<|startoftext|>', eos: '<|endoftext|>', pad: '<|endoftext|>' },
    clip2: { path: SDXL + 'tokenizer_2/tokenizer.json', bos: '<|startoftext|>', eos: '<|endoftext|>', pad: '!' },
  },
  dims: {
    textLength: 77,
    textHidden1: 768,
    textHidden2: 1280,
    pooledDim: 1280,
    imageSize: 512,
    latentChannels: 4,
    vaeScaleFactor: 8,
    vaeScalingFactor: 0.13025,
    rmbgSize: 1024,
    dinoResize: 256,
    dinoCrop: 224,
    dinoPatch: 14,
    dinoHidden: 1024,
    dinoMean: [0.485, 0.456, 0.406],
    dinoStd: [0.229, 0.224, 0.225],
    partChannels: 64,
    defaultTokensPerPart: 1024,
    tokensPerPartChoices: [256, 512, 1024, 2048],
    maxParts: 16,
    kvWidth: 1024,
    vaeHeads: 8,
    bounds: 1.005,
  },
  licences: [SDXL_TURBO_LICENCE, RMBG_LICENCE, PARTCRAFTER_LICENCE],
  // 2 FLOP per multiply-add. CLIP-L (123 M) and bigG (695 M) over 77 tokens; the SDXL UNet at 64² latents
  // and its VAE decoder at 512², IS-Net at 1024² (published FLOP counts, scaled to these sizes); DINOv2-L
  // (304 M) over 257 tokens; the DiT's 1.44 G parameters (docs/models/partcrafter.md §1); the VAE decoder's 16 blocks of
  // 12·1024² weights; a query = proj_query + q/out projections + a 1024→4096→1024 MLP (21.1 M) plus
  // 4·1024 FLOP per latent token of attention.
  cost: {
    textGflop: 126,
    unetStepGflop: 1500,
    vaeDecodeGflop: 1240,
    rmbgGflop: 300,
    imageEncoderGflop: 160,
    ditGflopPerToken: 2.88,
    ditWidth: 2048,
    ditGlobalLayers: 11,
    ditLocalLayers: 10,
    vaeKvGflopPerToken: 0.403,
    queryMflop: 21.1,
    queryMflopPerToken: 0.0041,
  },
  // The revision is a branch: each compile resolves it to a commit and reads only that commit (a resume
  // after the branch moved starts over). Put a commit id here to freeze the set.
  compiledFrom: { repo: 'wgsxm/PartCrafter', revision: 'main' },
};
