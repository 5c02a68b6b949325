// Every graph compiled unquantized in float32 from its tiny checkpoint, in both attention modes, run in
// onnxruntime-node against the independent float64 reference (reference/).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from './options';
import { memorySource, openSafetensors } from './safetensors';
import { GRAPH_CASES } from './test/cases';
import { compileTo, errorStats, openCompiled, tempDir, type CompiledSession } from './test/run-compiled';
import { weightFile } from './weights';

const tmp = tempDir();
afterAll(() => tmp.remove());

for (const c of GRAPH_CASES) {
  for (const attention of ['mha', 'plain'] as const) {
    describe(`${c.key} graph, float32, ${attention} attention`, () => {
      let session: CompiledSession;
      beforeAll(async () => {
        const st = await openSafetensors(memorySource(c.checkpoint.bytes));
        const plan = c.plan(
          weightFile(c.label, st, c.checkpoint.bytes.length),
          resolveOptions({ variant: 'f32', bits: 'none', attention }),
        );
        const dir = `${tmp.dir}/${c.key}-${attention}`;
        mkdirSync(dir);
        await compileTo(dir, plan);
        session = await openCompiled(dir, plan);
      });

      for (const r of c.runs) {
        it(`matches the reference (${r.name}) to float32 precision`, async () => {
          const out = await session.run(r.feeds);
          const s = errorStats(r.reference(c.checkpoint.values), out[c.output]);
          console.log(
            `${c.key} f32 ${attention} ${r.name}: max abs ${s.maxAbs.toExponential(2)}, max abs / max |ref| ${s.maxRel.toExponential(2)}`,
          );
          // float32 accumulates ~1e-7 relative per op over a few hundred ops here.
          expect(s.maxRel).toBeLessThan(1e-5);
        });
      }
    });
  }
}
