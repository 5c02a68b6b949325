import { describe, expect, it } from 'vitest';
import { GRAPH_KEYS } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { Capabilities } from './capabilities';
import { deviceClass, expectedCallMs, fasterProvider, graphGflop, workClass } from './placement';

const rng = (seed: number) => () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const base = { crossOriginIsolated: true, shaderF16: true, webgpu: true } as const;
const swift = (threads: number): Capabilities => ({
  ...base,
  threads,
  shaderF16: false,
  adapterName: 'google swiftshader',
  softwareAdapter: 'SwiftShader',
});
const rtx = (threads: number): Capabilities => ({ ...base, threads, adapterName: 'nvidia ampere' });
const igpu = (threads: number): Capabilities => ({ ...base, threads, adapterName: 'intel gen-12lp' });

describe('placement by expected speed', () => {
  it('puts every graph of any size on wasm on a software adapter, whatever the thread count', () => {
    const r = rng(7);
    for (let i = 0; i < 500; i++) {
      const gflop = 10 ** (r() * 10 - 6); // 1 kFLOP … 10 TFLOP
      const threads = 1 + Math.floor(r() * 16);
      const c = fasterProvider(swift(threads), gflop);
      expect(c.provider, `${gflop} GFLOP, ${threads} threads`).toBe('wasm');
      expect(c.why).toMatch(/^this WebGPU adapter is software \(SwiftShader\); expected .* on WebGPU against .* on wasm$/);
    }
  });

  it('on a real GPU sends work above a few hundred MFLOP to WebGPU, and leaves tiny calls on wasm', () => {
    const r = rng(11);
    for (let i = 0; i < 500; i++) {
      const threads = 1 + Math.floor(r() * 16);
      const caps = r() < 0.5 ? rtx(threads) : igpu(threads);
      expect(fasterProvider(caps, 0.5 + r() * 1e4).provider).toBe('webgpu');
      expect(fasterProvider(caps, r() * 1e-3).provider).toBe('wasm');
    }
  });

  it('a forced provider wins over the figures, which are still reported', () => {
    const r = rng(3);
    for (let i = 0; i < 200; i++) {
      const gflop = 10 ** (r() * 10 - 6);
      const soft = fasterProvider({ ...swift(4), forceProvider: 'webgpu' }, gflop);
      expect(soft.provider).toBe('webgpu');
      expect(soft.why).toMatch(/^WebGPU is forced \(expected/);
      expect(fasterProvider({ ...rtx(4), forceProvider: 'wasm' }, gflop).provider).toBe('wasm');
    }
  });

  it('a measured time replaces the guess', () => {
    expect(fasterProvider(swift(4), 300, { webgpu: 10, wasm: 20 }).provider).toBe('webgpu');
    expect(fasterProvider(rtx(4), 300, { webgpu: 50, wasm: 20 }).provider).toBe('wasm');
  });

  it('expected time grows with work and falls with wasm threads', () => {
    const r = rng(5);
    for (let i = 0; i < 200; i++) {
      const a = r() * 100,
        b = a + r() * 100 + 1e-3;
      for (const p of ['webgpu', 'wasm'] as const) expect(expectedCallMs(igpu(4), p, b)).toBeGreaterThan(expectedCallMs(igpu(4), p, a));
      expect(expectedCallMs(igpu(1), 'wasm', b)).toBeGreaterThan(expectedCallMs(igpu(4), 'wasm', b));
    }
  });

  it('every graph of both sets has a positive cost; the real RMBG is its published ~300 GFLOP', () => {
    for (const set of [FIXTURE_SET, REAL_SET]) for (const k of GRAPH_KEYS) expect(graphGflop(set, k)).toBeGreaterThan(0);
    expect(graphGflop(REAL_SET, 'rmbg')).toBe(300);
    // 300 GFLOP on SwiftShader is minutes; on wasm seconds (the 805 s against 6–8 s).
    expect(expectedCallMs(swift(4), 'webgpu', 300)).toBeGreaterThan(10 * expectedCallMs(swift(4), 'wasm', 300));
  });

  it("classes an adapter the probe marked software as a software GPU, and its work as the CPU's unless WebGPU is forced", () => {
    const fallback: Capabilities = { ...rtx(4), adapterName: 'google', softwareAdapter: 'a fallback adapter' };
    expect(deviceClass(fallback)).toBe('software-gpu');
    expect(workClass(fallback)).toBe('cpu');
    expect(workClass({ ...fallback, forceProvider: 'webgpu' })).toBe('software-gpu');
    expect(workClass({ ...rtx(4), forceProvider: 'wasm' })).toBe('cpu');
    expect(workClass(rtx(4))).toBe('discrete-gpu');
  });
});
