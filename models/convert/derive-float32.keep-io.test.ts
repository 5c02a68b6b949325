// A graph with float16 weights behind float32 inputs and outputs (keep_io_types): declared
// `weights: 'float16'` apart from its I/O dtype, it meets its float32 contract as it is, a GPU without
// shader-f16 is offered the float32 derivation for it, and the derived graph computes what it computes.
import { describe, expect, it } from 'vitest';
import { checkContract } from '../../src/runtime/contract';
import type { Capabilities } from '../../src/runtime/capabilities';
import { fitDevice, fittedSet } from '../../src/runtime/device-fit';
import { halfGraphs } from '../../src/runtime/variants';
import { contractFor } from '../contracts';
import type { ModelSet } from '../model-set';
import { FIXTURE_SET } from '../sets/fixture';
import { REAL_SET } from '../sets/real';
import { deriveFloat32 } from './derive-float32';
import { loadGraph, rng, worstRatio } from './ort-compare';
import { keepIoHalfGraph } from './test/synthetic';

const S = FIXTURE_SET.dims.rmbgSize;
const withRmbg = (set: ModelSet, weights?: 'float16'): ModelSet => ({
  ...set,
  graphs: { ...set.graphs, rmbg: { ...set.graphs.rmbg, path: 'rmbg_fp16.onnx', float: 'float32', weights } },
});
const noF16: Capabilities = { webgpu: true, shaderF16: false, crossOriginIsolated: true, threads: 4, adapterName: 'nvidia ampere' };
const swift: Capabilities = { ...noF16, adapterName: 'google swiftshader', softwareAdapter: 'SwiftShader' };

describe('float16 weights, float32 inputs and outputs', () => {
  it('is offered the float32 derivation on a GPU without shader-f16 only when its weights are declared float16', () => {
    const declared = withRmbg(REAL_SET, 'float16');
    expect(halfGraphs(declared)).toContain('rmbg');
    expect(fitDevice(declared, noF16).deriveWanted).toContain('rmbg');
    expect(fitDevice(declared, noF16).graphs.rmbg).toMatchObject({
      providers: ['wasm'],
      reason: expect.stringMatching(/float16 and this GPU has no shader-f16; a float32 variant/),
    });
    // On SwiftShader it is offered when WebGPU is forced (the e2e tests), not left to the placement.
    expect(fitDevice(withRmbg(FIXTURE_SET, 'float16'), { ...swift, forceProvider: 'webgpu' }).deriveWanted).toContain('rmbg');
    expect(fitDevice(declared, swift).deriveWanted).not.toContain('rmbg');
    // With shader-f16 it runs as it is; declared as float32 weights (as before) it was never offered.
    expect(fitDevice(declared, { ...noF16, shaderF16: true }).deriveWanted).toEqual([]);
    expect(fitDevice(withRmbg(REAL_SET), noF16).deriveWanted).not.toContain('rmbg');
    // Its variant runs on WebGPU with the same float32 contract.
    const variant = {
      rmbg: { key: 'rmbg' as const, path: 'variants/float32/rmbg_fp16.onnx', bytes: 1, dataBytes: 0, largestTensorBytes: 64 },
    };
    const fit = fitDevice(declared, noF16, variant);
    expect(fit.graphs.rmbg).toMatchObject({ variant: 'float32', providers: ['webgpu', 'wasm'] });
    expect(fittedSet(declared, fit).graphs.rmbg).toMatchObject({ float: 'float32', weights: 'float32' });
    expect(contractFor(fittedSet(declared, fit), 'rmbg')).toEqual(contractFor(declared, 'rmbg'));
  });

  for (const seed of [1, 2, 3]) {
    it(`derives a float32 graph that meets the same contract and matches the original (seed ${seed})`, async () => {
      const original = keepIoHalfGraph(S, 4 + seed, seed);
      const { bytes, summary } = deriveFloat32(original);
      expect(summary).toMatchObject({ inputs: 0, outputs: 0, initializers: 3, constants: 1 });
      expect(summary.casts).toBe(1); // the Cast to float16; the Cast back was already to float32
      const contract = contractFor(withRmbg(FIXTURE_SET, 'float16'), 'rmbg');
      const [before, after] = await Promise.all([loadGraph(original), loadGraph(bytes)]);
      try {
        checkContract(contract, before.inputs, before.outputs);
        checkContract(contract, after.inputs, after.outputs);
        const random = rng(seed * 31);
        const n = 2 * 3 * S * S;
        const feeds = { input: { values: Float32Array.from({ length: n }, () => random() - 0.5), dims: [2, 3, S, S] } };
        const [a, b] = await Promise.all([before.run(feeds), after.run(feeds)]);
        for (const name of ['output', 'd1']) {
          expect(b[name].some((v) => v !== 0)).toBe(true);
          // float16 arithmetic in the original against float32 in the variant: within float16 rounding.
          expect(worstRatio(a[name], b[name], 1e-2, 1e-2), name).toBeLessThanOrEqual(1);
        }
      } finally {
        await Promise.all([before.release(), after.release()]);
      }
    });
  }
});
