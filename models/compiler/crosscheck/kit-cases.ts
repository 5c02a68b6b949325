// What the cross-check kit runs: fixed inputs for each compiled graph (plus the VAE's kv → query chain),
// shaped the way upstream's pipeline calls the modules, and the independent TypeScript reference for
// each. The weights are the compiler tests' tiny checkpoint (test/tiny-layout.ts), so the kit and the
// unit tests exercise the same configs: 5 DiT blocks (global 0, 2, 4; long skips into 3 and 4), packed
// q/k/v heads, float16 DINO weights with LayerScale and a 7×7 → 4×4 position-grid resample, and the
// VAE's cross block with its own context norm.
import type { CompiledGraphKey } from '../compile';
import { inputGrid, trainedGrid } from '../dinov2-keys';
import { refDino } from '../reference/dino';
import { refDit, type RefDitInputs } from '../reference/dit';
import { refVaeKv, refVaeQuery } from '../reference/vae';
import { dinoCase, ditCase, TINY, TINY_DINO, vaeKvCase } from '../test/cases';
import { uniform } from '../test/tiny-checkpoint';
import type { NpyDtype } from './npy';

export interface KitInput {
  dtype: NpyDtype;
  shape: number[];
  values: ArrayLike<number>;
}

export interface KitCase {
  name: string;
  /** What the Python side runs upstream for it (crosscheck.py dispatches on this). */
  kind: 'image_encoder' | 'dit' | 'vae_kv' | 'vae_query' | 'vae_decode';
  /** The compiled graphs it runs, in order (vae_decode chains kv → query). */
  graphs: CompiledGraphKey[];
  inputs: Record<string, KitInput>;
  output: string;
  outputShape: number[];
  /** Extra facts the Python side needs (DiT: how many parts per group). */
  attrs: Record<string, number>;
  reference(): Float64Array;
}

const CONTEXT = 1 + inputGrid(TINY_DINO) ** 2; // 17 image tokens, what the compiled DiT takes
const C = TINY.inChannels;
const X = TINY.crossDim;
const TOKENS = 6;
// Upstream's global processor tells self- from cross-attention by comparing the key and query token
// counts (attention_processor.py, PartCrafterAttnProcessor), so T + 1 must differ from the context length
// or upstream itself would treat the cross-attention as self-attention.
if (TOKENS + 1 === CONTEXT) throw new Error('kit: T + 1 equals the context length; upstream would misroute cross-attention');

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
const f32 = (shape: number[], values: ArrayLike<number>): KitInput => ({ dtype: 'float32', shape, values });

/**
 * A DiT batch as the pipeline builds it under guidance: rows 0…N−1 unconditional (zero context), rows
 * N…2N−1 conditional (the same image tokens for every part), part ids 0…2N−1 over the whole batch
 * (upstream's int num_parts path). `sameLatents`: both halves see the same latents, as
 * torch.cat([latents] * 2) gives; otherwise every row differs, which also checks the row grouping.
 */
function ditCase_(name: string, N: number, t: number, seed: number, sameLatents: boolean): KitCase {
  const B = 2 * N;
  const perHalf = uniform(N * TOKENS * C, seed, 1.5);
  const hidden = sameLatents ? Float32Array.from([...perHalf, ...perHalf]) : uniform(B * TOKENS * C, seed, 1.5);
  const image = uniform(CONTEXT * X, seed + 1, 1.5);
  const context = new Float32Array(B * CONTEXT * X);
  for (let r = N; r < B; r++) context.set(image, r * CONTEXT * X);
  const timestep = new Float32Array(B).fill(t);
  const ref: RefDitInputs = { hidden, timestep, context, contextTokens: CONTEXT, partIds: ids(B), numParts: N, tokens: TOKENS };
  return {
    name,
    kind: 'dit',
    graphs: ['dit'],
    output: 'velocity',
    outputShape: [B, TOKENS, C],
    attrs: { num_parts: N },
    inputs: {
      hidden_states: f32([B, TOKENS, C], hidden),
      timestep: f32([B], timestep),
      encoder_hidden_states: f32([B, CONTEXT, X], context),
      part_ids: { dtype: 'int64', shape: [B], values: ids(B) },
      num_parts: { dtype: 'int64', shape: [1], values: [N] },
    },
    reference: () => refDit(ditCase.checkpoint.values, TINY, ref),
  };
}

const vaeRef = {
  width: TINY.vaeWidth,
  layers: TINY.vaeLayers,
  heads: TINY.vaeHeads,
  latentChannels: TINY.vaeLatentChannels,
  frequencies: TINY.vaeEmbedFrequency,
};
const VT = 12;
const M = 200;
const latents = uniform(VT * TINY.vaeLatentChannels, 401, 1.5);
// Points across the ±1.005 box the pipeline queries, its eight corners first.
const points = uniform(M * 3, 402, 1.005);
for (let i = 0; i < 8; i++) for (let a = 0; a < 3; a++) points[i * 3 + a] = (i >> a) & 1 ? 1.005 : -1.005;
// The query graph's kv input: the float64 reference kv of the latents, stored as float32.
const kv = Float32Array.from(refVaeKv(vaeKvCase.checkpoint.values, vaeRef, latents, VT));

const DINO_BATCH = 2;
const pixels = uniform(DINO_BATCH * 3 * TINY_DINO.crop ** 2, 101, 2);

export const KIT_CASES: KitCase[] = [
  {
    name: 'image_encoder',
    kind: 'image_encoder',
    graphs: ['imageEncoder'],
    output: 'last_hidden_state',
    outputShape: [DINO_BATCH, CONTEXT, TINY_DINO.hidden],
    attrs: {},
    inputs: { pixel_values: f32([DINO_BATCH, 3, TINY_DINO.crop, TINY_DINO.crop], pixels) },
    reference: () => refDino(dinoCase.checkpoint.values, { ...TINY_DINO, trainedGrid: trainedGrid(TINY_DINO) }, pixels, DINO_BATCH),
  },
  ditCase_('dit_cfg_2parts', 2, 1000, 201, true),
  ditCase_('dit_cfg_3parts_distinct_rows', 3, 380.5, 301, false),
  {
    name: 'vae_kv',
    kind: 'vae_kv',
    graphs: ['vaeKv'],
    output: 'kv',
    outputShape: [1, VT, TINY.vaeWidth],
    attrs: {},
    inputs: { latents: f32([1, VT, TINY.vaeLatentChannels], latents) },
    reference: () => refVaeKv(vaeKvCase.checkpoint.values, vaeRef, latents, VT),
  },
  {
    name: 'vae_query',
    kind: 'vae_query',
    graphs: ['vaeQuery'],
    output: 'logits',
    outputShape: [1, M, 1],
    attrs: {},
    inputs: { points: f32([1, M, 3], points), kv: f32([1, VT, TINY.vaeWidth], kv) },
    reference: () => refVaeQuery(vaeKvCase.checkpoint.values, vaeRef, points, M, kv, VT),
  },
  {
    name: 'vae_decode',
    kind: 'vae_decode',
    graphs: ['vaeKv', 'vaeQuery'],
    output: 'logits',
    outputShape: [1, M, 1],
    attrs: {},
    inputs: { latents: f32([1, VT, TINY.vaeLatentChannels], latents), points: f32([1, M, 3], points) },
    reference: () =>
      refVaeQuery(vaeKvCase.checkpoint.values, vaeRef, points, M, refVaeKv(vaeKvCase.checkpoint.values, vaeRef, latents, VT), VT),
  },
];
