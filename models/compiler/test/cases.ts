// The four tiny graphs the tests compile: config, seeded checkpoint, inputs, and how to plan and check
// each one. Sizes are small enough for the float64 reference to run in milliseconds, large enough for
// every structural feature (long skips, global and local blocks, multi-head splits, K-blocking).
import { dinov2Keys, resolveDinov2Config } from '../dinov2-keys';
import { planImageEncoder } from '../graphs/dino';
import { planDit } from '../graphs/dit';
import { planVaeKv } from '../graphs/vae-kv';
import { planVaeQuery } from '../graphs/vae-query';
import type { CompileOptions } from '../options';
import { partCrafterTransformerKeys, partCrafterVaeDecoderKeys, resolvePartCrafterConfig } from '../partcrafter-keys';
import type { GraphPlan } from '../plan';
import type { Weights } from '../reference/math';
import { refDino } from '../reference/dino';
import { refDit, type RefDitInputs } from '../reference/dit';
import { refVaeKv, refVaeQuery } from '../reference/vae';
import type { WeightFile } from '../weights';
import type { Feed } from './run-compiled';
import { tinyCheckpoint, uniform, type TinyCheckpoint } from './tiny-checkpoint';

export interface GraphCase {
  key: 'imageEncoder' | 'dit' | 'vaeKv' | 'vaeQuery';
  label: string;
  checkpoint: TinyCheckpoint;
  /** Checkpoint tensors that stay float under 4-bit quantization (boundary projections). */
  keepFloat: string[];
  /** Whether the graph reads this checkpoint tensor (the two VAE graphs share one file). */
  uses(key: string): boolean;
  plan(file: WeightFile, options: CompileOptions): GraphPlan;
  /** Input sets to run, with the output they are compared on. */
  runs: { name: string; feeds: Record<string, Feed>; reference(w: Weights): Float64Array }[];
  output: string;
}

export const TINY_DINO = resolveDinov2Config({ hidden: 32, layers: 2, heads: 4, patch: 2, imageSize: 14, crop: 8 });
export const TINY = resolvePartCrafterConfig({
  width: 32,
  layers: 5,
  heads: 2,
  inChannels: 8,
  crossDim: 32,
  maxParts: 8,
  globalBlocks: [0, 2, 4],
  vaeWidth: 32,
  vaeLayers: 2,
  vaeHeads: 4,
  vaeLatentChannels: 8,
});

const dinoCheckpoint = tinyCheckpoint(dinov2Keys(TINY_DINO), 21, 'F16', { 'embeddings.mask_token': [1, 32] });
const pixels = uniform(2 * 3 * 8 * 8, 3, 2);
export const dinoCase: GraphCase = {
  key: 'imageEncoder',
  label: 'image_encoder_dinov2',
  checkpoint: dinoCheckpoint,
  keepFloat: [],
  uses: () => true,
  output: 'last_hidden_state',
  plan: (file, o) => planImageEncoder(file, TINY_DINO, o),
  runs: [
    {
      name: 'two images',
      feeds: { pixel_values: { values: pixels, dims: [2, 3, 8, 8] } },
      reference: (w) => refDino(w, { ...TINY_DINO, trainedGrid: 7 }, pixels, 2),
    },
  ],
};

const T = 5;
const L = 5;
/** A guidance-shaped batch like the parts stage feeds: zero context first, ids 0…2N−1. */
function ditInputs(N: number, seed: number, t: number): RefDitInputs {
  const B = 2 * N;
  const image = uniform(L * 32, seed + 1, 1.5);
  const context = new Float32Array(B * L * 32);
  for (let r = N; r < B; r++) context.set(image, r * L * 32);
  return {
    hidden: uniform(B * T * 8, seed, 1.5),
    timestep: new Array(B).fill(t),
    context,
    contextTokens: L,
    partIds: Array.from({ length: B }, (_, i) => i),
    numParts: N,
    tokens: T,
  };
}
function ditFeeds(i: RefDitInputs): Record<string, Feed> {
  const B = i.partIds.length;
  return {
    hidden_states: { values: i.hidden, dims: [B, T, 8] },
    timestep: { values: i.timestep, dims: [B] },
    encoder_hidden_states: { values: i.context, dims: [B, L, 32] },
    part_ids: { values: i.partIds, dims: [B], dtype: 'int64' },
    num_parts: { values: [i.numParts], dims: [1], dtype: 'int64' },
  };
}
const ditRuns = [ditInputs(2, 1, 1000), ditInputs(3, 2, 380)];
export const ditCase: GraphCase = {
  key: 'dit',
  label: 'transformer',
  checkpoint: tinyCheckpoint(partCrafterTransformerKeys(TINY), 31),
  keepFloat: ['proj_in.weight', 'proj_out.weight'],
  uses: () => true,
  output: 'velocity',
  plan: (file, o) => planDit(file, TINY, { contextTokens: L }, o),
  runs: ditRuns.map((input) => ({
    name: `${input.numParts} parts under guidance`,
    feeds: ditFeeds(input),
    reference: (w: Weights) => refDit(w, TINY, input),
  })),
};

const vaeCheckpoint = tinyCheckpoint(partCrafterVaeDecoderKeys(TINY), 11);
const vaeRef = { width: 32, layers: 2, heads: 4, latentChannels: 8, frequencies: 8 };
const VT = 6;
const M = 9;
const z = uniform(VT * 8, 1, 1.5);
const points = uniform(M * 3, 2, 1.005);
// The query graph's kv input: the float reference's kv of z, the same for every weight set.
const kvIn = Float32Array.from(refVaeKv(vaeCheckpoint.values, vaeRef, z, VT));
const vaeKeepFloat = ['post_quant.weight', 'decoder.proj_query.weight', 'decoder.proj_out.weight'];
const crossBlock = `decoder.blocks.${TINY.vaeLayers}.`;
const inQuery = (k: string) => k.startsWith(crossBlock) || k.startsWith('decoder.proj_') || k.startsWith('decoder.norm_out');
export const vaeKvCase: GraphCase = {
  key: 'vaeKv',
  label: 'vae',
  checkpoint: vaeCheckpoint,
  keepFloat: vaeKeepFloat,
  uses: (k) => !inQuery(k),
  output: 'kv',
  plan: (file, o) => planVaeKv(file, TINY, o),
  runs: [{ name: `${VT} tokens`, feeds: { latents: { values: z, dims: [1, VT, 8] } }, reference: (w) => refVaeKv(w, vaeRef, z, VT) }],
};
export const vaeQueryCase: GraphCase = {
  key: 'vaeQuery',
  label: 'vae',
  checkpoint: vaeCheckpoint,
  keepFloat: vaeKeepFloat,
  uses: inQuery,
  output: 'logits',
  plan: (file, o) => planVaeQuery(file, TINY, o),
  runs: [
    {
      name: `${M} points`,
      feeds: { points: { values: points, dims: [1, M, 3] }, kv: { values: kvIn, dims: [1, VT, 32] } },
      reference: (w) => refVaeQuery(w, vaeRef, points, M, kvIn, VT),
    },
  ],
};

export const GRAPH_CASES = [dinoCase, ditCase, vaeKvCase, vaeQueryCase];
