// A model set = the graphs + tokenizer files + the dims the pipeline reads. Nothing in the pipeline
// hard-codes a size: it reads ModelDims from the set it was given.

export type GraphKey = 'textEncoder' | 'textEncoder2' | 'unet' | 'vaeDecoder' | 'rmbg' | 'imageEncoder' | 'dit' | 'vaeKv' | 'vaeQuery';

export const GRAPH_KEYS: GraphKey[] = [
  'textEncoder',
  'textEncoder2',
  'unet',
  'vaeDecoder',
  'rmbg',
  'imageEncoder',
  'dit',
  'vaeKv',
  'vaeQuery',
];

export type FloatType = 'float16' | 'float32';

export interface FileRef {
  /** Path relative to the set's baseUrl. */
  path: string;
  bytes?: number;
  sha256?: string;
}

export interface TokenizerRef extends FileRef {
  /** Special tokens by their text; ids come from the tokenizer file itself. */
  bos: string;
  eos: string;
  /** CLIP-L pads with <|endoftext|>, OpenCLIP bigG with "!" (id 0): docs/models/sdxl-turbo.md §1.3. */
  pad: string;
}

export interface GraphFile extends FileRef {
  /** dtype of the graph's float inputs/outputs (the real SDXL Turbo q4f16 export is float16 at its boundary). */
  float: FloatType;
  /**
   * Precision of the weights and arithmetic, when it differs from the boundary's: a float16 graph exported
   * with float32 inputs/outputs (onnxconverter-common's keep_io_types, Cast nodes at the edges) is
   * `float: 'float32', weights: 'float16'`. It still needs shader-f16 on WebGPU, and a device without it
   * is offered the float32 derivation. Default: the same as `float`.
   */
  weights?: FloatType;
  /** ORT freeDimensionOverrides for the graph's symbolic dims (fixed shapes let WebGPU plan once). */
  freeDims?: Record<string, number>;
  /** Tiny graph run many times (the fixture's geometry): GPU dispatch overhead would dominate, so use wasm. */
  preferCpu?: boolean;
  /**
   * Not downloaded: made on this device (the PartCrafter graphs, compiled from the official checkpoint).
   * What to do before a run can use it; a run without it fails with this instead of fetching a path
   * no host has.
   */
  builtOnDevice?: string;
}

/** The precision a graph computes in (its weights'), which decides whether WebGPU needs shader-f16. */
export function weightsOf(file: Pick<GraphFile, 'float' | 'weights'>): FloatType {
  return file.weights ?? file.float;
}

/** A checkpoint on a Hugging Face-layout host that a set's built-on-device graphs are compiled from. */
export interface HubCheckpoint {
  /** `owner/name` */
  repo: string;
  /** A branch, tag or commit; a compile pins the commit it resolves to for its whole run. */
  revision: string;
}

export interface Licence {
  name: string;
  url: string;
  /** One or two sentences in plain words: what the user agrees to. */
  terms: string;
  /** Which graphs the licence covers. */
  covers: GraphKey[];
}

export interface ModelDims {
  // text-to-image (SDXL Turbo)
  textLength: number; // 77
  textHidden1: number; // 768  (CLIP-L penultimate layer)
  textHidden2: number; // 1280 (bigG penultimate layer)
  pooledDim: number; // 1280 (text_embeds)
  imageSize: number; // 512
  latentChannels: number; // 4
  vaeScaleFactor: number; // 8: latent side = imageSize / vaeScaleFactor
  vaeScalingFactor: number; // 0.13025
  // background (RMBG-1.4)
  rmbgSize: number; // 1024
  // parts (DINOv2 + PartCrafter DiT)
  dinoResize: number; // 256 shortest edge
  dinoCrop: number; // 224
  dinoPatch: number; // 14
  dinoHidden: number; // 1024
  dinoMean: [number, number, number];
  dinoStd: [number, number, number];
  partChannels: number; // 64
  defaultTokensPerPart: number; // 1024
  tokensPerPartChoices: number[];
  maxParts: number; // 16 (CFG doubles the batch; the part table has 32 rows)
  // geometry (TripoSG VAE)
  kvWidth: number; // 1024
  vaeHeads: number; // 8: attention heads of the query graph's cross block (sizes its per-point buffers)
  bounds: number; // 1.005: the object lives in [-bounds, bounds]^3
}

/**
 * What each graph costs, in floating-point operations, for the run-time estimate (src/pipeline/estimate.ts).
 * Derived from parameter counts and shapes; rough by nature, and refined on the device by measured runs.
 */
export interface CostModel {
  /** Both text encoders over one prompt. */
  textGflop: number;
  /** One UNet step at the set's image size (no CFG: SDXL Turbo runs without it). */
  unetStepGflop: number;
  vaeDecodeGflop: number;
  rmbgGflop: number;
  /** The image encoder on one image. */
  imageEncoderGflop: number;
  /** The DiT's linear layers, per token per step (2 × parameters). */
  ditGflopPerToken: number;
  /** For the DiT's attention, which grows with the square of the sequence. */
  ditWidth: number;
  ditGlobalLayers: number;
  ditLocalLayers: number;
  /** The VAE kv graph, per latent token. */
  vaeKvGflopPerToken: number;
  /** One occupancy query: a fixed part plus a part per latent token (the cross-attention). */
  queryMflop: number;
  queryMflopPerToken: number;
}

export interface ModelSet {
  id: string;
  label: string;
  kind: 'fixture' | 'real';
  /** Prefix every FileRef.path is resolved against (a URL in the browser, a directory in Node). */
  baseUrl: string;
  graphs: Record<GraphKey, GraphFile>;
  tokenizers: { clip1: TokenizerRef; clip2: TokenizerRef };
  dims: ModelDims;
  licences: Licence[];
  cost: CostModel;
  /** Why a graph cannot run yet, by key (e.g. a graph whose export does not exist). */
  unavailable?: Partial<Record<GraphKey, string>>;
  /** Where the graphs marked builtOnDevice are compiled from (models/compiler, in the compile worker). */
  compiledFrom?: HubCheckpoint;
}

/** Derived dims, computed in one place. */
export function dinoTokens(d: ModelDims): number {
  const side = Math.floor(d.dinoCrop / d.dinoPatch);
  return side * side + 1;
}

export function latentSide(d: ModelDims): number {
  return d.imageSize / d.vaeScaleFactor;
}
