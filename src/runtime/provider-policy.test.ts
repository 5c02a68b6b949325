import { describe, expect, it } from 'vitest';
import { GRAPH_KEYS } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import type { Capabilities } from './capabilities';
import { chooseProviders, providerInfoEvent, providersFor } from './provider-policy';

const gpu: Capabilities = { webgpu: true, shaderF16: true, crossOriginIsolated: true, threads: 4 };
const swiftshader: Capabilities = { ...gpu, shaderF16: false };
const noGpu: Capabilities = { ...gpu, webgpu: false, shaderF16: false, webgpuReason: 'The browser offered no GPU adapter' };

describe('provider policy', () => {
  it('puts graphs on WebGPU with wasm fallback on a capable GPU, and graphs the set marks small on the CPU', () => {
    expect(providersFor(gpu, 'unet', 'float16')).toEqual(['webgpu', 'wasm']);
    expect(providersFor(gpu, 'dit', 'float32')).toEqual(['webgpu', 'wasm']);
    expect(providersFor(gpu, 'vaeKv', 'float32', true)).toEqual(['wasm']);
    expect(providersFor(gpu, 'vaeQuery', 'float32')).toEqual(['webgpu', 'wasm']);
    expect(chooseProviders(gpu, 'vaeQuery', 'float32', true)).toMatchObject({ providers: ['wasm'], reason: expect.stringMatching(/small graph.*CPU/) });
    expect(chooseProviders(gpu, 'vaeQuery', 'float32').providers[0]).toBe('webgpu');
  });

  it('sends float16 graphs to wasm when the GPU has no shader-f16, float32 graphs stay on WebGPU', () => {
    for (const key of GRAPH_KEYS) {
      const float = FIXTURE_SET.graphs[key].float;
      const got = providersFor(swiftshader, key, float, FIXTURE_SET.graphs[key].preferCpu);
      if (float === 'float16' || key === 'vaeKv' || key === 'vaeQuery') expect(got).toEqual(['wasm']);
      else expect(got).toEqual(['webgpu', 'wasm']);
    }
    expect(chooseProviders(swiftshader, 'unet', 'float16').reason).toMatch(/float16.*no shader-f16/);
  });

  it('uses wasm for everything without WebGPU and repeats the reason', () => {
    for (const key of GRAPH_KEYS) expect(providersFor(noGpu, key, 'float32')).toEqual(['wasm']);
    const ev = providerInfoEvent(noGpu, 'rmbg', 'float32');
    expect(ev).toMatchObject({ status: 'info', stage: 'cutout' });
    expect(ev.status === 'info' && ev.message).toMatch(/the browser offered no GPU adapter/);
  });
});
