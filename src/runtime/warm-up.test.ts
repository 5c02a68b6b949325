import { describe, expect, it } from 'vitest';
import { contractFor } from '../../models/contracts';
import { GRAPH_KEYS, type ModelSet } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { Capabilities } from './capabilities';
import { contractFeeds, warmUpWorthIt } from './warm-up';

const base: Capabilities = { webgpu: true, shaderF16: true, crossOriginIsolated: true, threads: 4 };
const devices: Capabilities[] = [
  { ...base, adapterName: 'nvidia ampere' },
  { ...base, adapterName: 'intel gen-12lp' },
  { ...base, shaderF16: false, adapterName: 'google swiftshader', softwareAdapter: 'SwiftShader' },
  { ...base, webgpu: false, shaderF16: false },
];

describe('warm-up', () => {
  it('costs nothing where the guesses are decades apart: no graph of either set on any device class', () => {
    for (const caps of devices)
      for (const set of [FIXTURE_SET, REAL_SET])
        for (const key of GRAPH_KEYS) {
          expect(warmUpWorthIt(caps, set, key), `${set.id} ${key} on ${caps.adapterName}`).toBe(false);
        }
  });

  it('measures a graph whose guesses are close and small, unless a provider is forced or WebGPU cannot take it', () => {
    // ~0.05 GFLOP: ~3 ms on an integrated GPU's WebGPU and on 4 wasm threads alike.
    const close: ModelSet = { ...REAL_SET, cost: { ...REAL_SET.cost, rmbgGflop: 0.05 } };
    const igpu = devices[1];
    expect(warmUpWorthIt(igpu, close, 'rmbg')).toBe(true);
    expect(warmUpWorthIt({ ...igpu, forceProvider: 'wasm' }, close, 'rmbg')).toBe(false);
    const half: ModelSet = { ...close, graphs: { ...close.graphs, rmbg: { ...close.graphs.rmbg, weights: 'float16' } } };
    expect(warmUpWorthIt({ ...igpu, shaderF16: false }, half, 'rmbg')).toBe(false);
  });

  it('feeds every graph of both sets with the dtypes and ranks of its contract', () => {
    for (const set of [FIXTURE_SET, REAL_SET])
      for (const key of GRAPH_KEYS) {
        const feeds = contractFeeds(set, key);
        for (const spec of contractFor(set, key).inputs) {
          expect(feeds[spec.name].dtype).toBe(spec.dtype);
          expect(feeds[spec.name].dims).toHaveLength(spec.shape.length);
          spec.shape.forEach((d, i) => typeof d === 'number' && expect(feeds[spec.name].dims[i]).toBe(d));
        }
      }
  });
});
