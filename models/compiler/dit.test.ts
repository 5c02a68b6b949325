// The DiT step graph from a tiny checkpoint (5 blocks: long skips into blocks 3 and 4, global blocks
// 0, 2, 4, local 1 and 3), run in onnxruntime-node against the reference, with CFG-shaped batches
// for two part counts through the same graph (num_parts is an input).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDit } from './graphs/dit';
import { resolveOptions } from './options';
import { partCrafterTransformerKeys, resolvePartCrafterConfig } from './partcrafter-keys';
import { refDit, type RefDitInputs } from './reference/dit';
import { memorySource, openSafetensors } from './safetensors';
import { compileTo, errorStats, openCompiled, tempDir } from './test/run-compiled';
import { tinyCheckpoint, uniform } from './test/tiny-checkpoint';
import { weightFile } from './weights';

export const TINY_DIT = resolvePartCrafterConfig({ width: 32, layers: 5, heads: 2, inChannels: 8, crossDim: 32, maxParts: 8, globalBlocks: [0, 2, 4] });
const checkpoint = tinyCheckpoint(partCrafterTransformerKeys(TINY_DIT), 31);
const T = 5;
const L = 5;

/** A guidance-shaped batch like the parts stage feeds: zero context first, ids 0…2N−1. */
export function ditInputs(N: number, seed: number): RefDitInputs {
  const B = 2 * N;
  const image = uniform(L * 32, seed + 1, 1.5);
  const context = new Float32Array(B * L * 32);
  for (let r = N; r < B; r++) context.set(image, r * L * 32);
  return {
    hidden: uniform(B * T * 8, seed, 1.5), timestep: new Array(B).fill(seed === 1 ? 1000 : 380), context, contextTokens: L,
    partIds: Array.from({ length: B }, (_, i) => i), numParts: N, tokens: T,
  };
}

export function ditFeeds(i: RefDitInputs) {
  const B = i.partIds.length;
  return {
    hidden_states: { values: i.hidden, dims: [B, T, 8] },
    timestep: { values: i.timestep, dims: [B] },
    encoder_hidden_states: { values: i.context, dims: [B, L, 32] },
    part_ids: { values: i.partIds, dims: [B], dtype: 'int64' as const },
    num_parts: { values: [i.numParts], dims: [1], dtype: 'int64' as const },
  };
}

const cases = [ditInputs(2, 1), ditInputs(3, 2)];
const expected = cases.map((i) => refDit(checkpoint.values, { ...TINY_DIT }, i));

const tmp = tempDir();
afterAll(() => tmp.remove());

for (const attention of ['mha', 'plain'] as const) {
  describe(`DiT graph, float32, ${attention} attention`, () => {
    let run: Awaited<ReturnType<typeof openCompiled>>;
    beforeAll(async () => {
      const st = await openSafetensors(memorySource(checkpoint.bytes));
      const plan = planDit(weightFile('transformer', st, checkpoint.bytes.length), TINY_DIT, { contextTokens: L }, resolveOptions({ variant: 'f32', bits: 'none', attention }));
      const dir = `${tmp.dir}/${attention}`;
      (await import('node:fs')).mkdirSync(dir);
      await compileTo(dir, plan);
      run = await openCompiled(dir, plan);
    });

    cases.forEach((input, c) => {
      it(`matches the reference with ${input.numParts} parts under guidance`, async () => {
        const out = await run.run(ditFeeds(input));
        const s = errorStats(expected[c], out.velocity);
        console.log(`dit f32 ${attention} N=${input.numParts}: max abs ${s.maxAbs.toExponential(2)}, rel ${s.maxRel.toExponential(2)}`);
        expect(s.maxRel).toBeLessThan(1e-5);
      });
    });
  });
}
