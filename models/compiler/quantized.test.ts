// 4-bit graphs (com.microsoft MatMulNBits) in onnxruntime-node. Two checks per graph:
// 1. against the reference run on the fake-quantized weights (what the packed bytes must dequantize
//    to): float32 agreement, which proves the packing, scales, zero points and the quantize/keep-float
//    policy exactly;
// 2. against the float reference: the quantization error itself, within a bound derived from the
//    weights' own quantization error (see `bound`).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions, type CompileOptions } from './options';
import { memorySource, openSafetensors } from './safetensors';
import { GRAPH_CASES } from './test/cases';
import { fakeQuantizeAll, rmsRelative } from './test/fake-quant';
import { compileTo, errorStats, openCompiled, tempDir, type CompiledSession } from './test/run-compiled';
import { weightFile } from './weights';

const tmp = tempDir();
afterAll(() => tmp.remove());

const VARIANTS: { label: string; options: Partial<CompileOptions> }[] = [
  { label: 'block 32, zero points', options: { blockSize: 32, symmetric: false } },
  { label: 'block 32, symmetric', options: { blockSize: 32, symmetric: true } },
  { label: 'block 16, zero points', options: { blockSize: 16, symmetric: false } },
];

/**
 * Each quantized weight matrix adds rounding noise of relative size ε (the RMS of ‖W − Q(W)‖/‖W‖
 * over the graph's n quantized matrices: ≈ 6–7 % for 4 bits) to what it computes, independently
 * from matrix to matrix, so the noise reaching the output adds up in quadrature to about ε·√n of
 * the output's size; a factor 2 covers amplification through LayerNorm, softmax and GELU. The
 * measured ratios are printed; they sit at 0.1–0.45 of this bound.
 */
function bound(weightError: number, layers: number): number {
  return 2 * weightError * Math.sqrt(layers);
}

for (const c of GRAPH_CASES) {
  for (const v of VARIANTS) {
    describe(`${c.key} graph, 4-bit (${v.label}), float32 activations`, () => {
      const options = resolveOptions({ variant: 'f32', bits: 4, attention: 'mha', ...v.options });
      const shapes = Object.fromEntries(Object.entries(c.checkpoint.values).map(([k]) => [k, [] as number[]]));
      let session: CompiledSession;
      let fq: ReturnType<typeof fakeQuantizeAll>;
      beforeAll(async () => {
        const st = await openSafetensors(memorySource(c.checkpoint.bytes));
        for (const k of Object.keys(shapes)) shapes[k] = st.info(k).shape;
        fq = fakeQuantizeAll(c.checkpoint.values, shapes, c.keepFloat, options.blockSize, options.symmetric, c.uses);
        const plan = c.plan(weightFile(c.label, st, c.checkpoint.bytes.length), options);
        const dir = `${tmp.dir}/${c.key}-${options.blockSize}-${options.symmetric}`;
        mkdirSync(dir);
        await compileTo(dir, plan);
        session = await openCompiled(dir, plan);
      });

      for (const r of c.runs) {
        it(`${r.name}: equals the reference on dequantized weights, and is within the 4-bit bound of the float one`, async () => {
          const out = (await session.run(r.feeds))[c.output];
          const tight = errorStats(r.reference(fq.weights), out);
          const float = r.reference(c.checkpoint.values);
          const loose = errorStats(float, out);
          const rel = rmsRelative(float, out);
          const limit = bound(fq.weightError, fq.count);
          console.log(
            `${c.key} 4-bit ${v.label} ${r.name}: vs dequantized max abs ${tight.maxAbs.toExponential(2)} (rel ${tight.maxRel.toExponential(2)}); ` +
              `vs float max abs ${loose.maxAbs.toExponential(2)}, rms rel ${rel.toExponential(2)} (bound ${limit.toExponential(2)}, ` +
              `weight error ${fq.weightError.toExponential(2)} over ${fq.count} matrices)`,
          );
          expect(tight.maxRel).toBeLessThan(1e-5);
          expect(rel).toBeLessThan(limit);
          // The graph really is quantized: the error is of the size 4-bit rounding gives, not float32's.
          expect(rel).toBeGreaterThan(fq.weightError / 20);
        });
      }
    });
  }
}
