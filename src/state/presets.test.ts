import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { Capabilities } from '../runtime/capabilities';
import { estimateRun } from '../pipeline/estimate';
import { loadCalibration, recordRun } from './calibration';
import { presetOf, presetsFor } from './presets';
import { clampSettings, defaultSettings } from '../pipeline/settings';

function memoryPrefs() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('presets', () => {
  for (const set of [FIXTURE_SET, REAL_SET]) {
    it(`are valid settings for the ${set.id} set, recognised as themselves, and Draft is cheaper than Quality`, () => {
      const p = presetsFor(set);
      const caps: Capabilities = { webgpu: true, shaderF16: true, adapterName: 'nvidia', crossOriginIsolated: true, threads: 4 };
      for (const id of ['draft', 'quality'] as const) {
        const s = { ...defaultSettings(set), ...p[id] };
        expect(clampSettings(set, s)).toEqual(s);
        expect(presetOf(set, s)).toBe(id);
        expect(presetOf(set, { ...s, partSteps: s.partSteps + 1 })).toBeUndefined();
      }
      const cost = (id: 'draft' | 'quality') => estimateRun(set, { ...defaultSettings(set), ...p[id] }, caps).totalMs;
      expect(cost('draft')).toBeLessThan(cost('quality'));
    });
  }

  it('Quality is upstream: 50 steps, guidance 7, 1024 tokens, a 512³ surface', () => {
    expect(presetsFor(REAL_SET).quality).toMatchObject({ partSteps: 50, guidance: 7, tokensPerPart: 1024, gridResolution: 512 });
  });
});

describe('calibration storage', () => {
  it('keeps measured runs per device and set, across reads, and ignores a damaged entry', () => {
    const prefs = memoryPrefs();
    const caps: Capabilities = { webgpu: true, shaderF16: false, adapterName: 'swiftshader', crossOriginIsolated: true, threads: 2 };
    const s = defaultSettings(FIXTURE_SET);
    expect(loadCalibration(caps, FIXTURE_SET, prefs)).toEqual({});
    recordRun(caps, FIXTURE_SET, s, { parts: 1234 }, prefs);
    const cal = loadCalibration(caps, FIXTURE_SET, prefs);
    expect(estimateRun(FIXTURE_SET, s, caps, cal).stages.parts).toBeCloseTo(1234, 6);
    expect(loadCalibration({ ...caps, adapterName: 'other' }, FIXTURE_SET, prefs)).toEqual({});
    expect(loadCalibration(caps, REAL_SET, prefs)).toEqual({});
    prefs.setItem('lumen.calibration.v1', '{oops');
    expect(loadCalibration(caps, FIXTURE_SET, prefs)).toEqual({});
  });
});
