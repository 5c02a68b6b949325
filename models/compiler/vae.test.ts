// The VAE kv and query graphs, compiled from a tiny seeded checkpoint and run in onnxruntime-node,
// against the independent reference forward pass (reference/vae.ts), in both attention modes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planVaeKv } from './graphs/vae-kv';
import { planVaeQuery } from './graphs/vae-query';
import { resolveOptions, type CompileOptions } from './options';
import { partCrafterVaeDecoderKeys, resolvePartCrafterConfig } from './partcrafter-keys';
import { refVaeKv, refVaeQuery, type RefVaeConfig } from './reference/vae';
import { memorySource, openSafetensors } from './safetensors';
import { compileTo, errorStats, openCompiled, tempDir } from './test/run-compiled';
import { tinyCheckpoint, uniform } from './test/tiny-checkpoint';
import { weightFile } from './weights';

const config = resolvePartCrafterConfig({ vaeWidth: 32, vaeLayers: 2, vaeHeads: 4, vaeLatentChannels: 8 });
const ref: RefVaeConfig = { width: 32, layers: 2, heads: 4, latentChannels: 8, frequencies: 8 };
const checkpoint = tinyCheckpoint(partCrafterVaeDecoderKeys(config), 11);
const T = 6;
const M = 9;
const z = uniform(T * 8, 1, 1.5);
const points = uniform(M * 3, 2, 1.005);
const refKv = refVaeKv(checkpoint.values, ref, z, T);
const refLogits = refVaeQuery(checkpoint.values, ref, points, M, refKv, T);

const tmp = tempDir();
afterAll(() => tmp.remove());

async function compiled(options: Partial<CompileOptions>, sub: string) {
  const st = await openSafetensors(memorySource(checkpoint.bytes));
  const vae = weightFile('vae', st, checkpoint.bytes.length);
  const o = resolveOptions({ variant: 'f32', bits: 'none', ...options });
  const dir = `${tmp.dir}/${sub}`;
  await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
  const kvPlan = planVaeKv(vae, config, o);
  const queryPlan = planVaeQuery(vae, config, o);
  await compileTo(dir, kvPlan);
  await compileTo(dir, queryPlan);
  return { kv: await openCompiled(dir, kvPlan), query: await openCompiled(dir, queryPlan) };
}

for (const attention of ['mha', 'plain'] as const) {
  describe(`VAE graphs, float32, ${attention} attention`, () => {
    let graphs: Awaited<ReturnType<typeof compiled>>;
    beforeAll(async () => {
      graphs = await compiled({ attention }, attention);
    });

    it('kv graph matches the reference', async () => {
      const out = await graphs.kv.run({ latents: { values: z, dims: [1, T, 8] } });
      const s = errorStats(refKv, out.kv);
      console.log(`vaeKv f32 ${attention}: max abs ${s.maxAbs.toExponential(2)}, rel ${s.maxRel.toExponential(2)}`);
      expect(s.maxRel).toBeLessThan(1e-5);
    });

    it('query graph matches the reference', async () => {
      const out = await graphs.query.run({ points: { values: points, dims: [1, M, 3] }, kv: { values: refKv, dims: [1, T, 32] } });
      const s = errorStats(refLogits, out.logits);
      console.log(`vaeQuery f32 ${attention}: max abs ${s.maxAbs.toExponential(2)}, rel ${s.maxRel.toExponential(2)}`);
      expect(s.maxRel).toBeLessThan(1e-5);
    });
  });
}
