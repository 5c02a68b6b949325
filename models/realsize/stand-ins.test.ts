// The size-faithful stand-ins: at released size their graphs pass the real set's contracts and their
// weights come within a few percent of the shipped files' sizes; their one-file form (SDXL's layout) is
// the same model as the external-data form, as onnxruntime-node runs both; random weights are
// reproducible, finite and in range for any tensor.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContract } from '../../src/runtime/contract';
import { halfToFloat } from '../../src/leaf/float16';
import type { ValueInfo } from '../../src/leaf/tensor';
import { compileTo, tempDir } from '../compiler/test/run-compiled';
import { layoutOf, type StoredDType } from '../compiler/plan';
import { contractFor } from '../contracts';
import { REAL_SET } from '../sets/real';
import { randomTensorBytes, rangeOf } from './random-weights';
import { writeSingleFile } from './single-file';
import { SDXL_KEYS, standIn, weightBytes } from './stand-ins';

const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const DTYPES: Record<number, string> = { 1: 'float32', 10: 'float16', 7: 'int64', 6: 'int32' };
const io = (list: import('onnx-proto').onnx.IValueInfoProto[]): ValueInfo[] =>
  list.map((v) => ({
    name: v.name!,
    dtype: DTYPES[v.type!.tensorType!.elemType!],
    shape: v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))),
  }));

const tmp = tempDir('lumen-realsize-');
afterAll(() => tmp.remove());

describe('SDXL Turbo stand-ins at released size', () => {
  for (const key of SDXL_KEYS) {
    it(`${key}: passes the real set's contract and weighs within 3% of the shipped file`, () => {
      const { plan } = standIn(key);
      const graph = onnx.ModelProto.decode(plan.modelBytes(layoutOf(plan))).graph!;
      expect(() => checkContract(contractFor(REAL_SET, key), io(graph.input!), io(graph.output!))).not.toThrow();
      const shipped = REAL_SET.graphs[key].bytes!;
      expect(Math.abs(weightBytes(plan) - shipped) / shipped).toBeLessThan(0.03);
      const ops = new Set(graph.node!.map((n) => n.opType));
      for (const op of ['MatMulNBits', 'MultiHeadAttention']) expect(ops.has(op), `${key} uses ${op}`).toBe(true);
      if (key === 'unet' || key === 'vaeDecoder')
        for (const op of ['Conv', 'InstanceNormalization']) expect(ops.has(op), `${key} uses ${op}`).toBe(true);
    });
  }
});

describe('one file with inline weights', () => {
  // The UNet's 3166 tensors would make this slow (one flush per tensor in the external form); the
  // writer is the same for every graph, and the bench and the device run load the UNet's one file.
  for (const key of ['vaeDecoder', 'textEncoder2'] as const) {
    it(`${key}: the same model as its external-data form (same outputs, bit for bit), with the size and hash reported`, async () => {
      const { plan } = standIn(key, { small: true, seed: 7 });
      const single = join(tmp.dir, `${key}-single.onnx`);
      const written = await writeSingleFile(plan, single);
      expect(statSync(single).size).toBe(written.bytes);
      expect(createHash('sha256').update(readFileSync(single)).digest('hex')).toBe(written.sha256);
      const externalDir = join(tmp.dir, `${key}-external`);
      (await import('node:fs')).mkdirSync(externalDir);
      await compileTo(externalDir, plan);
      const feeds = (s: ort.InferenceSession) =>
        Object.fromEntries(
          s.inputMetadata.map((m) => {
            if (!m.isTensor) throw new Error('tensor inputs only');
            const shape = m.shape.map((d) => (typeof d === 'number' ? d : 2));
            const n = shape.reduce((a, b) => a * b, 1);
            if (m.type === 'int64')
              return [
                m.name,
                new ort.Tensor(
                  'int64',
                  BigInt64Array.from({ length: n }, (_, i) => BigInt((i * 37) % 50)),
                  shape,
                ),
              ];
            return [
              m.name,
              new ort.Tensor(
                'float16',
                Uint16Array.from({ length: n }, (_, i) => 0x3000 + ((i * 97) % 0x800)),
                shape,
              ),
            ];
          }),
        );
      const a = await ort.InferenceSession.create(single);
      const b = await ort.InferenceSession.create(join(externalDir, plan.fileName));
      const [ra, rb] = [await a.run(feeds(a)), await b.run(feeds(b))];
      for (const name of a.outputNames) {
        const [x, y] = [ra[name].data as Uint16Array, rb[name].data as Uint16Array];
        expect(x.length).toBeGreaterThan(0);
        expect(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength))).toBe(true);
        expect(
          Array.from(x).every((h) => (h & 0x7c00) !== 0x7c00),
          `${name} finite`,
        ).toBe(true);
      }
    });
  }
});

describe('random weights', () => {
  it('are the same for the same name and seed, differ otherwise, and stay finite within their range', () => {
    const dtypes: StoredDType[] = ['float16', 'float32', 'uint8', 'int64'];
    const suffixes = ['.weight', '.bias', '.scales', '.q4', '.norm1.weight', '.conv.weight'];
    let state = 12345;
    const rnd = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
    for (let trial = 0; trial < 60; trial++) {
      const dtype = dtypes[rnd(4)];
      const dims = Array.from({ length: 1 + rnd(3) }, () => 1 + rnd(40));
      const size = { float16: 2, float32: 4, uint8: 1, int64: 8 }[dtype];
      const t = {
        name: `blocks.${rnd(100)}${suffixes[rnd(suffixes.length)]}`,
        dtype,
        dims,
        byteLength: size * dims.reduce((a, b) => a * b, 1),
      };
      const bytes = randomTensorBytes(t, 3);
      expect(bytes.length).toBe(t.byteLength);
      expect(randomTensorBytes(t, 3)).toEqual(bytes);
      if (dtype === 'int64') {
        expect(bytes.every((b) => b === 0)).toBe(true);
        continue;
      }
      if (bytes.length >= 64 && dtype !== 'uint8') expect(randomTensorBytes(t, 4)).not.toEqual(bytes);
      if (dtype === 'uint8') continue;
      const values =
        dtype === 'float16' ? Array.from(new Uint16Array(bytes.buffer), halfToFloat) : Array.from(new Float32Array(bytes.buffer));
      const [lo, hi] = rangeOf(t);
      const slack = dtype === 'float16' ? 1e-3 * Math.max(Math.abs(lo), Math.abs(hi)) : 0;
      const outside = values.filter((v) => !Number.isFinite(v) || v < lo - slack || v > hi + slack);
      expect(outside, `${t.name} ${dtype} [${dims}] in [${lo}, ${hi}]`).toEqual([]);
    }
  });
});
