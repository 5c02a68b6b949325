import { describe, expect, it } from 'vitest';
import { contractFor } from '../../models/contracts';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { Capabilities } from './capabilities';
import { fitDevice, fittedSet } from './device-fit';
import type { DerivedVariant } from './variants';

// The fixture's graphs are so small that wasm wins them on any device: these cases force WebGPU, as the
// e2e tests do, and the automatic placement has its own cases below.
const gpu: Capabilities = {
  webgpu: true,
  shaderF16: true,
  crossOriginIsolated: true,
  threads: 4,
  adapterName: 'acme gpu',
  maxBufferSize: 2 ** 30,
  maxStorageBufferBindingSize: 2 ** 27,
  forceProvider: 'webgpu',
};
const noF16: Capabilities = { ...gpu, shaderF16: false, adapterName: 'google swiftshader', softwareAdapter: 'SwiftShader' };
const noGpu: Capabilities = {
  webgpu: false,
  shaderF16: false,
  crossOriginIsolated: true,
  threads: 4,
  webgpuReason: 'The browser offered no GPU adapter',
};
const HALF = ['textEncoder', 'textEncoder2', 'unet', 'vaeDecoder'] as const;

function derived(largestTensorBytes = 4096): Partial<Record<(typeof HALF)[number], DerivedVariant>> {
  return Object.fromEntries(
    HALF.map((k) => [
      k,
      {
        key: k,
        path: `variants/float32/${FIXTURE_SET.graphs[k].path}`,
        bytes: 1000,
        dataBytes: 0,
        largestTensorBytes,
      },
    ]),
  );
}

describe('fitDevice', () => {
  it('runs the float16 originals on a GPU with shader-f16 and wants nothing derived', () => {
    const fit = fitDevice(FIXTURE_SET, gpu);
    expect(fit.deriveWanted).toEqual([]);
    expect(fit.graphs.unet).toMatchObject({ variant: 'original', float: 'float16', providers: ['webgpu', 'wasm'] });
    expect(fit.graphs.vaeQuery.providers).toEqual(['wasm']);
    expect(fit.device).toBe('WebGPU on acme gpu, with shader-f16; maxBufferSize 1.0 GiB, maxStorageBufferBindingSize 128 MiB.');
    expect(fitDevice(FIXTURE_SET, noF16).device).toMatch(
      /^WebGPU on google swiftshader \(a software adapter: SwiftShader\), without shader-f16/,
    );
  });

  it('without shader-f16 and nothing derived yet: float16 graphs on wasm, saying a derived variant would move them', () => {
    const fit = fitDevice(FIXTURE_SET, noF16);
    expect(fit.deriveWanted).toEqual([...HALF]);
    for (const k of HALF) {
      expect(fit.graphs[k]).toMatchObject({ variant: 'original', providers: ['wasm'] });
      // The fixture set runs without an install; only the derivation needs it stored here.
      expect(fit.graphs[k].reason).toMatch(
        /no shader-f16; to run it on the GPU, store the set in this browser \(Models → Install; it runs without that\) and derive its float32 variant there/,
      );
      expect(fit.graphs[k].reason).not.toMatch(/once the set is installed/);
    }
    expect(fit.graphs.dit).toMatchObject({ variant: 'original', providers: ['webgpu', 'wasm'] });
    expect(fit.device).toMatch(/without shader-f16/);
    // A real set does need its install before it runs at all.
    expect(fitDevice(REAL_SET, noF16).graphs.unet.reason).toMatch(
      /a float32 variant derived on this device \(Models panel, once the set is installed\)/,
    );
  });

  it('without shader-f16 and with the variants derived: those graphs run float32 on WebGPU, and the stages see float32', () => {
    const fit = fitDevice(FIXTURE_SET, noF16, derived());
    expect(fit.deriveWanted).toEqual([]);
    for (const k of HALF) {
      expect(fit.graphs[k]).toMatchObject({
        variant: 'float32',
        float: 'float32',
        providers: ['webgpu', 'wasm'],
        path: `variants/float32/${FIXTURE_SET.graphs[k].path}`,
      });
      expect(fit.graphs[k].reason).toMatch(/runs on the GPU \(WebGPU\) as the float32 variant derived on this device/);
    }
    const set = fittedSet(FIXTURE_SET, fit);
    expect(set.graphs.unet).toMatchObject({ path: 'variants/float32/unet.onnx', float: 'float32' });
    expect(set.graphs.rmbg).toBe(FIXTURE_SET.graphs.rmbg);
    expect(contractFor(set, 'unet').inputs.every((i) => i.dtype !== 'float16')).toBe(true);
    expect(FIXTURE_SET.graphs.unet.float).toBe('float16'); // the declaration itself is untouched
  });

  it('keeps a derived variant off a GPU whose buffer limits its largest weight exceeds, and says which limit', () => {
    const fit = fitDevice(FIXTURE_SET, noF16, derived(2 ** 28));
    expect(fit.graphs.unet).toMatchObject({ variant: 'original', providers: ['wasm'] });
    expect(fit.graphs.unet.reason).toMatch(/largest weight \(256 MiB\) is over this GPU's maxStorageBufferBindingSize \(128 MiB\)/);
  });

  it('without WebGPU everything runs on wasm and nothing is derived (float32 would not help the CPU)', () => {
    const fit = fitDevice(FIXTURE_SET, noGpu, derived());
    expect(fit.deriveWanted).toEqual([]);
    for (const g of Object.values(fit.graphs)) expect(g).toMatchObject({ variant: 'original', providers: ['wasm'] });
    expect(fit.device).toMatch(/^No WebGPU \(The browser offered no GPU adapter\)/);
  });

  it('left to itself on a software adapter, runs every graph on wasm and derives nothing (float32 would not make WebGPU faster)', () => {
    const auto: Capabilities = { ...noF16, forceProvider: undefined };
    for (const set of [FIXTURE_SET, REAL_SET]) {
      const fit = fitDevice(set, auto, derived());
      expect(fit.deriveWanted).toEqual([]);
      for (const g of Object.values(fit.graphs)) expect(g).toMatchObject({ variant: 'original', providers: ['wasm'] });
    }
    expect(fitDevice(REAL_SET, auto).graphs.unet.reason).toMatch(
      /^unet: runs on the CPU \(wasm\): it is float16, this GPU has no shader-f16, and even as float32 this WebGPU adapter is software \(SwiftShader\); expected .* on WebGPU against .* on wasm\.$/,
    );
  });

  it('left to itself on a real GPU without shader-f16, wants the real float16 graphs derived (WebGPU is faster for them)', () => {
    const hw: Capabilities = { ...noF16, forceProvider: undefined, adapterName: 'nvidia ampere', softwareAdapter: undefined };
    const fit = fitDevice(REAL_SET, hw);
    expect(fit.deriveWanted).toEqual(['textEncoder', 'textEncoder2', 'unet', 'vaeDecoder']);
    expect(fit.graphs.rmbg.providers).toEqual(['webgpu', 'wasm']);
    expect(fit.graphs.rmbg.expectedMs!.webgpu!).toBeLessThan(fit.graphs.rmbg.expectedMs!.wasm!);
  });
});
