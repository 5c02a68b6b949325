import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../runtime/capabilities';
import { createCapabilitiesStore, FORCE_KEY, initialForce } from './capabilities';
import { useStageOutputs } from './stage-outputs';
import type { StageOutputs } from '../backends/run-plan';

function memoryPrefs(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}
const swift: Capabilities = { webgpu: true, shaderF16: false, crossOriginIsolated: true, threads: 2, softwareAdapter: 'SwiftShader' };

describe('the forced provider', () => {
  it('comes from ?ep= first, then the remembered switch, else automatic; junk is ignored', () => {
    for (const stored of [undefined, 'webgpu', 'wasm', 'auto', 'junk']) {
      const prefs = memoryPrefs(stored ? { [FORCE_KEY]: stored } : {});
      const remembered = stored === 'webgpu' || stored === 'wasm' ? stored : undefined;
      expect(initialForce('', prefs)).toBe(remembered);
      expect(initialForce('?set=fixture&ep=webgpu', prefs)).toBe('webgpu');
      expect(initialForce('?ep=wasm', prefs)).toBe('wasm');
      expect(initialForce('?ep=auto', prefs)).toBeUndefined();
      expect(initialForce('?ep=cuda', prefs)).toBe(remembered);
    }
  });

  it('rides in the probed capabilities, and the switch changes them and is remembered', async () => {
    const prefs = memoryPrefs();
    const store = createCapabilitiesStore('?ep=webgpu', prefs, async () => swift);
    expect((await store.getState().probe()).forceProvider).toBe('webgpu');
    store.getState().setForce('wasm');
    expect(store.getState().caps).toEqual({ ...swift, forceProvider: 'wasm' });
    expect(prefs.m.get(FORCE_KEY)).toBe('wasm');
    store.getState().setForce(undefined);
    expect(store.getState().caps).toEqual(swift);
    expect(prefs.m.has(FORCE_KEY)).toBe(false);
  });

  it("a provider switched by hand drops the last run's outputs, so the next run computes every stage there", async () => {
    const store = createCapabilitiesStore('', memoryPrefs(), async () => swift);
    await store.getState().probe();
    const kept = { request: { setId: 'fixture' } } as unknown as StageOutputs;
    useStageOutputs.getState().keep(kept);
    store.getState().setForce(undefined);
    expect(useStageOutputs.getState().last).toBe(kept);
    store.getState().setForce('webgpu');
    expect(useStageOutputs.getState().last).toBeUndefined();
  });
});
