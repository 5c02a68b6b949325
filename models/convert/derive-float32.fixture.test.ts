// The float16 fixture graphs, derived to float32: each passes its float32 contract as ORT sees it and
// computes what the float16 original computes, within float16 rounding.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkContract } from '../../src/runtime/contract';
import { contractFor } from '../contracts';
import type { GraphKey, ModelSet } from '../model-set';
import { FIXTURE_SET } from '../sets/fixture';
import { deriveFloat32, ExternalDataNeededError } from './derive-float32';
import { halfExact, loadGraph, rng, worstRatio } from './ort-compare';

const FIXTURE_DIR = fileURLToPath(new URL('../../public/models/fixture/', import.meta.url));
const HALF_KEYS = (Object.keys(FIXTURE_SET.graphs) as GraphKey[]).filter((k) => FIXTURE_SET.graphs[k].float === 'float16');

function float32Set(): ModelSet {
  const graphs = { ...FIXTURE_SET.graphs };
  for (const key of HALF_KEYS) graphs[key] = { ...graphs[key], float: 'float32' };
  return { ...FIXTURE_SET, graphs };
}

const read = (key: GraphKey) => readFile(path.join(FIXTURE_DIR, FIXTURE_SET.graphs[key].path));

describe('deriveFloat32 on the fixture set', () => {
  it('covers the four float16 graphs', () => {
    expect(HALF_KEYS).toEqual(['textEncoder', 'textEncoder2', 'unet', 'vaeDecoder']);
  });

  for (const key of HALF_KEYS) {
    it(`${key}: meets its float32 contract and matches the float16 original`, async () => {
      const original = new Uint8Array(await read(key));
      const { bytes, summary } = deriveFloat32(original);
      const contract = contractFor(float32Set(), key);
      const half = contractFor(FIXTURE_SET, key);
      // Every float16 boundary tensor became float32, and nothing else changed kind.
      expect(summary.inputs).toBe(half.inputs.filter((s) => s.dtype === 'float16').length);
      expect(summary.outputs).toBe(half.outputs.filter((s) => s.dtype === 'float16').length);
      expect(summary.casts).toBeGreaterThan(0);
      expect(summary.bytesOut).toBe(bytes.length);

      const [before, after] = await Promise.all([loadGraph(original), loadGraph(bytes)]);
      try {
        expect(() => checkContract(contract, after.inputs, after.outputs)).not.toThrow();
        expect(() => checkContract(contract, before.inputs, before.outputs)).toThrow(/is float16, expected float32/);

        const random = rng(key.length * 7919);
        const feeds: Record<string, { values: Float32Array; dims: number[] }> = {};
        for (const spec of contract.inputs) {
          const dims = spec.shape.map((d) => (typeof d === 'number' ? d : 2)); // batch 2
          const n = dims.reduce((a, b) => a * b, 1);
          const ints = spec.dtype === 'int32' || spec.dtype === 'int64';
          // Token ids stay inside the tiny vocabularies; floats span a few units around zero.
          const values = Array.from({ length: n }, () => (ints ? Math.floor(random() * 40) : random() * 4 - 2));
          feeds[spec.name] = { values: halfExact(values), dims };
        }
        const [a, b] = await Promise.all([before.run(feeds), after.run(feeds)]);
        for (const spec of contract.outputs) {
          expect(b[spec.name], spec.name).toBeInstanceOf(Float32Array);
          expect(
            b[spec.name].some((v) => v !== 0),
            `${spec.name} is not all zeros`,
          ).toBe(true);
          expect(worstRatio(b[spec.name], a[spec.name]), spec.name).toBeLessThanOrEqual(1);
        }
      } finally {
        await Promise.all([before.release(), after.release()]);
      }
    });
  }

  it('returns a float32 graph unchanged, byte for byte', async () => {
    const original = new Uint8Array(await read('rmbg'));
    const { bytes, summary } = deriveFloat32(original);
    expect(bytes).toBe(original);
    expect(summary).toMatchObject({ initializers: 0, casts: 0, inputs: 0, outputs: 0, valueInfos: 0, bytesOut: original.length });
  });

  it('is idempotent: a derived graph has nothing float16 left', async () => {
    const once = deriveFloat32(new Uint8Array(await read('unet'))).bytes;
    expect(deriveFloat32(once).bytes).toBe(once);
  });

  it('refuses an output over the protobuf limit, naming external data', async () => {
    const original = new Uint8Array(await read('unet'));
    // A small limit stands in for 2 GiB: the check is the same comparison at any size.
    expect(() => deriveFloat32(original, { maxBytes: 100 })).toThrow(ExternalDataNeededError);
    expect(() => deriveFloat32(original, { maxBytes: 100 })).toThrow(/over the 100-byte limit: it needs ONNX external data/);
  });
});
