// The 'f16' variant (float16 weights and compute, float32 at the boundary, LayerNorm statistics,
// RMSNorm and softmax in float32), unquantized and 4-bit, run in onnxruntime-node. Against the float
// reference its error must be of float16's size: each stored value and each op's result is rounded
// to 11 significant bits (relative 2⁻¹¹ ≈ 4.9e-4); the measured output errors are 0.4–1.4e-3 of the
// output scale, the bounds below allow 3–4× that.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from './options';
import { memorySource, openSafetensors } from './safetensors';
import { GRAPH_CASES } from './test/cases';
import { fakeQuantizeAll, rmsRelative } from './test/fake-quant';
import { compileTo, errorStats, openCompiled, tempDir, type CompiledSession } from './test/run-compiled';
import { weightFile } from './weights';

const tmp = tempDir();
afterAll(() => tmp.remove());

for (const c of GRAPH_CASES) {
  for (const bits of ['none', 4] as const) {
    describe(`${c.key} graph, float16 variant, bits ${bits}`, () => {
      const options = resolveOptions({ variant: 'f16', bits, attention: 'mha' });
      let session: CompiledSession;
      let weights = c.checkpoint.values;
      beforeAll(async () => {
        const st = await openSafetensors(memorySource(c.checkpoint.bytes));
        if (bits === 4) {
          const shapes = Object.fromEntries(Object.keys(weights).map((k) => [k, st.info(k).shape]));
          weights = fakeQuantizeAll(c.checkpoint.values, shapes, c.keepFloat, options.blockSize, options.symmetric, c.uses).weights;
        }
        const plan = c.plan(weightFile(c.label, st, c.checkpoint.bytes.length), options);
        const dir = `${tmp.dir}/${c.key}-${bits}`;
        mkdirSync(dir);
        await compileTo(dir, plan);
        session = await openCompiled(dir, plan);
        expect(session.session.inputMetadata.every((m) => !m.isTensor || m.type !== 'float16')).toBe(true);
      });

      for (const r of c.runs) {
        it(`${r.name}: float32 at the boundary, float16-sized error against the reference${bits === 4 ? ' on dequantized weights' : ''}`, async () => {
          const out = await session.run(r.feeds);
          expect(out[c.output]).toBeInstanceOf(Float32Array);
          const ref = r.reference(weights);
          const s = errorStats(ref, out[c.output]);
          const rel = rmsRelative(ref, out[c.output]);
          console.log(
            `${c.key} f16 bits ${bits} ${r.name}: max abs ${s.maxAbs.toExponential(2)}, max abs / max |ref| ${s.maxRel.toExponential(2)}, rms rel ${rel.toExponential(2)}`,
          );
          expect(rel).toBeLessThan(4e-3);
          expect(s.maxRel).toBeLessThan(5e-3);
          // …and far above float32's: the graph really computes in float16.
          expect(rel).toBeGreaterThan(5e-5);
        });
      }
    });
  }
}
