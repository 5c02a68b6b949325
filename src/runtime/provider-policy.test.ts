import { describe, expect, it } from 'vitest';
import { GRAPH_KEYS, type GraphKey, type ModelSet } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { Capabilities } from './capabilities';
import { chooseProviders } from './provider-policy';

const gpu: Capabilities = { webgpu: true, shaderF16: true, crossOriginIsolated: true, threads: 4, adapterName: 'nvidia ampere' };
const swiftshader: Capabilities = { ...gpu, shaderF16: false, adapterName: 'google swiftshader', softwareAdapter: 'SwiftShader' };
const noGpu: Capabilities = { ...gpu, webgpu: false, shaderF16: false, webgpuReason: 'The browser offered no GPU adapter' };
const providers = (caps: Capabilities, set: ModelSet, key: GraphKey) => chooseProviders(caps, set, key).providers;
// The real set with its SDXL graphs computed here (no compile needed to test placement).
const REAL = REAL_SET;

describe('provider policy', () => {
  it('puts the real graphs on WebGPU with wasm fallback on a capable GPU, and the graphs a set marks small on the CPU', () => {
    for (const key of GRAPH_KEYS) expect(providers(gpu, REAL, key)).toEqual(['webgpu', 'wasm']);
    expect(providers(gpu, FIXTURE_SET, 'vaeKv')).toEqual(['wasm']);
    expect(chooseProviders(gpu, FIXTURE_SET, 'vaeQuery')).toMatchObject({
      providers: ['wasm'],
      reason: expect.stringMatching(/small graph.*CPU/),
    });
    expect(chooseProviders(gpu, REAL, 'rmbg').reason).toMatch(
      /^rmbg: runs on the GPU \(WebGPU\), with the CPU \(wasm\) as fallback: expected \d+ ms per call on WebGPU against [\d.]+ s on wasm\.$/,
    );
  });

  it("the fixture's tiny graphs stay on wasm even on a capable GPU: the per-call cost dominates", () => {
    for (const key of GRAPH_KEYS) expect(providers(gpu, FIXTURE_SET, key)).toEqual(['wasm']);
  });

  it('on a software adapter every graph runs on wasm, saying the adapter is software', () => {
    for (const set of [FIXTURE_SET, REAL])
      for (const key of GRAPH_KEYS) {
        const c = chooseProviders(swiftshader, set, key);
        expect(c.providers).toEqual(['wasm']);
        if (!set.graphs[key].preferCpu && set.graphs[key].float === 'float32') expect(c.reason).toMatch(/software \(SwiftShader\)/);
      }
  });

  it('forcing WebGPU on a software adapter gives the float32 graphs WebGPU; float16 ones still need shader-f16', () => {
    const forced = { ...swiftshader, forceProvider: 'webgpu' as const };
    for (const key of GRAPH_KEYS) {
      const file = FIXTURE_SET.graphs[key];
      const got = providers(forced, FIXTURE_SET, key);
      if (file.float === 'float16' || file.preferCpu) expect(got).toEqual(['wasm']);
      else expect(got).toEqual(['webgpu', 'wasm']);
    }
    expect(chooseProviders(forced, FIXTURE_SET, 'unet').reason).toMatch(/float16.*no shader-f16/);
    expect(chooseProviders(forced, FIXTURE_SET, 'rmbg').reason).toMatch(/WebGPU is forced/);
  });

  it('float16 weights behind float32 inputs and outputs need shader-f16 as much as a float16 boundary does', () => {
    const set: ModelSet = { ...REAL, graphs: { ...REAL.graphs, rmbg: { ...REAL.graphs.rmbg, weights: 'float16' } } };
    expect(providers({ ...swiftshader, forceProvider: 'webgpu' }, set, 'rmbg')).toEqual(['wasm']);
    expect(providers({ ...gpu, shaderF16: false }, set, 'rmbg')).toEqual(['wasm']);
    expect(providers(gpu, set, 'rmbg')).toEqual(['webgpu', 'wasm']);
  });

  it('uses wasm for everything without WebGPU, forced or not, and repeats the reason', () => {
    for (const key of GRAPH_KEYS) expect(providers({ ...noGpu, forceProvider: 'webgpu' }, REAL, key)).toEqual(['wasm']);
    expect(chooseProviders(noGpu, REAL, 'rmbg').reason).toMatch(/the browser offered no GPU adapter; expect it to be slow/);
  });
});
