// com.microsoft MatMulNBits (4-bit weights, as in q4f16 exports): with float16 A, scales and bias, the
// derived graph feeds float32 A and scales (T1 follows A), keeps the uint8 weights and zero points, and
// computes the same product as the original and as a dequantized reference in TypeScript.
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { fromHalfArray, toHalfArray } from '../../src/leaf/float16';
import { GraphBuilder, int } from '../onnx/builder';
import { deriveFloat32 } from './derive-float32';
import { halfExact, loadGraph, rng, worstRatio } from './ort-compare';

const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const DT = onnx.TensorProto.DataType;

const M = 2;
const K = 32;
const N = 4;
const BLOCK = 16;
const BLOCKS = K / BLOCK;

const random = rng(7);
const q = Array.from({ length: N * K }, () => Math.floor(random() * 16)); // q[n * K + k], 4-bit
const zp = Array.from({ length: N * BLOCKS }, () => Math.floor(random() * 16));
const scales = Array.from(fromHalfArray(toHalfArray(Array.from({ length: N * BLOCKS }, () => 0.01 + random() * 0.1))));
const bias = Array.from(halfExact(Array.from({ length: N }, () => random() - 0.5)));

/** B as [N, blocks, BLOCK / 2]: two weights a byte, the lower k in the low nibble. */
function packWeights(): Uint8Array {
  const out = new Uint8Array((N * K) / 2);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k += 2) out[(n * K + k) / 2] = q[n * K + k] | (q[n * K + k + 1] << 4);
  return out;
}

/** Zero points as [N, ceil(blocks / 2)]: two blocks a byte, the lower block in the low nibble. */
function packZeroPoints(): Uint8Array {
  const perRow = Math.ceil(BLOCKS / 2);
  const out = new Uint8Array(N * perRow);
  for (let n = 0; n < N; n++) for (let b = 0; b < BLOCKS; b++) out[n * perRow + (b >> 1)] |= zp[n * BLOCKS + b] << (4 * (b & 1));
  return out;
}

function model(): Uint8Array {
  const g = new GraphBuilder('matmul_nbits_f16');
  const a = g.input('A', 'float16', [M, K]);
  const attrs = { K: int(K), N: int(N), bits: int(4), block_size: int(BLOCK) };
  const inputs = [a, 'B', g.f16(scales, [N * BLOCKS], 'scales'), 'zero_points', '', g.f16(bias, [N], 'bias')];
  g.op('MatMulNBits', inputs, attrs, 'Y', 'com.microsoft');
  g.output('Y', 'float16', [M, N]);
  const proto = onnx.ModelProto.decode(g.toBytes([{ domain: 'com.microsoft', version: 1 }]));
  // The builder has no uint8 initializer helper; the packed tensors are added on the decoded model.
  proto.graph!.initializer!.push(
    onnx.TensorProto.create({ name: 'B', dims: [N, BLOCKS, BLOCK / 2], dataType: DT.UINT8, rawData: packWeights() }),
    onnx.TensorProto.create({ name: 'zero_points', dims: [N * Math.ceil(BLOCKS / 2)], dataType: DT.UINT8, rawData: packZeroPoints() }),
  );
  return onnx.ModelProto.encode(proto).finish();
}

function reference(a: Float32Array): Float32Array {
  const y = new Float32Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc = bias[n];
      for (let k = 0; k < K; k++) {
        const b = n * BLOCKS + Math.floor(k / BLOCK);
        acc += a[m * K + k] * (q[n * K + k] - zp[b]) * scales[b];
      }
      y[m * N + n] = acc;
    }
  }
  return y;
}

describe('deriveFloat32 with com.microsoft MatMulNBits', () => {
  it('converts scales and bias, keeps the packed uint8 tensors, and computes the same product', async () => {
    const original = model();
    const { bytes, summary } = deriveFloat32(original);
    expect(summary).toMatchObject({ matMulNBits: 1, initializers: 2, inputs: 1, outputs: 1, casts: 0 });

    const inits = onnx.ModelProto.decode(bytes).graph!.initializer ?? [];
    const byName = (name: string) => inits.find((t) => t.name === name)!;
    expect([byName('scales').dataType, byName('bias').dataType]).toEqual([DT.FLOAT, DT.FLOAT]);
    expect(byName('B').dataType).toBe(DT.UINT8);
    expect(Array.from(byName('B').rawData!)).toEqual(Array.from(packWeights()));
    expect(Array.from(byName('zero_points').rawData!)).toEqual(Array.from(packZeroPoints()));

    const a = halfExact(Array.from({ length: M * K }, () => random() * 2 - 1));
    const [before, after] = await Promise.all([loadGraph(original), loadGraph(bytes)]);
    try {
      expect(after.inputs[0].dtype).toBe('float32');
      const feeds = { A: { values: a, dims: [M, K] } };
      const [ya, yb] = await Promise.all([before.run(feeds), after.run(feeds)]);
      const expected = reference(a);
      // float32 graph: close to the exact product; float16 original: within half rounding of both.
      expect(worstRatio(expected, yb.Y, 1e-5, 1e-5)).toBeLessThanOrEqual(1);
      expect(worstRatio(yb.Y, ya.Y, 2e-3, 4e-3)).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all([before.release(), after.release()]);
    }
  });
});
