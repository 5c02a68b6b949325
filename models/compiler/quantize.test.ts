// One quantized Linear through the emitter's MatMulNBits path, with a K that is not a multiple of the
// block (the last block is padded) and an odd block count (a half-filled zero-point byte), run in ORT.
import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphEmitter } from './emit';
import { linear } from './emit-ops';
import { resolveOptions } from './options';
import { dequantize4, quantize4 } from './quantize';
import { fakeQuantize } from './test/fake-quant';
import { compileTo, errorStats, openCompiled, tempDir } from './test/run-compiled';
import { uniform } from './test/tiny-checkpoint';

const N = 5;
const K = 40;
const M = 3;
const w = uniform(N * K, 9, 0.7);
const b = uniform(N, 10, 0.3);
const x = uniform(M * K, 11, 1);

const tmp = tempDir();
afterAll(() => tmp.remove());

function product(weights: Float32Array): Float64Array {
  const y = new Float64Array(M * N);
  for (let m = 0; m < M; m++)
    for (let n = 0; n < N; n++) {
      let acc = b[n];
      for (let k = 0; k < K; k++) acc += x[m * K + k] * weights[n * K + k];
      y[m * N + n] = acc;
    }
  return y;
}

describe('4-bit Linear (MatMulNBits)', () => {
  for (const symmetric of [false, true]) {
    it(`${symmetric ? 'symmetric' : 'with zero points'}: ORT computes x·dequant(W)ᵀ + b, K = 40 in blocks of 16`, async () => {
      const options = resolveOptions({ variant: 'f32', bits: 4, blockSize: 16, symmetric });
      const e = new GraphEmitter('linear', 'linear.onnx', options, []);
      const y = linear(e, e.floatInput('x', [M, K]), {
        name: 'fc',
        N,
        K,
        sources: ['fc.weight', 'fc.bias'],
        weight: async () => w,
        bias: async () => b,
      });
      e.floatOutput(y, 'y', [M, N]);
      const plan = e.plan();
      expect(plan.tensors.map((t) => [t.name, t.dtype, t.dims])).toEqual([
        ['fc.q4', 'uint8', [N, 3, 8]],
        ['fc.scales', 'float32', [N * 3]],
        ...(symmetric ? [] : [['fc.zero_points', 'uint8', [N * 2]]]),
        ['fc.bias', 'float32', [N]],
      ]);
      const dir = `${tmp.dir}/${symmetric}`;
      mkdirSync(dir);
      await compileTo(dir, plan);
      const out = await (await openCompiled(dir, plan)).run({ x: { values: x, dims: [M, K] } });
      const expected = product(fakeQuantize(w, N, K, 16, symmetric));
      expect(errorStats(expected, out.y).maxAbs).toBeLessThan(1e-5);
      // And the quantization is real: far from the float product, as 4 bits should be.
      expect(errorStats(product(w), out.y).maxAbs).toBeGreaterThan(1e-3);
    });
  }

  it('rounds every weight to within half a step of its block', () => {
    for (const symmetric of [false, true]) {
      const q = quantize4(w, N, K, 16, symmetric);
      const back = dequantize4(q);
      for (let n = 0; n < N; n++)
        for (let k = 0; k < K; k++) {
          const scale = q.scales[n * 3 + Math.floor(k / 16)];
          expect(Math.abs(back[n * K + k] - w[n * K + k])).toBeLessThanOrEqual(scale / 2 + 1e-7);
        }
      expect(Array.from(back)).toEqual(Array.from(fakeQuantize(w, N, K, 16, symmetric)));
    }
  });
});
