import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { defaultSettings } from '../pipeline/settings';
import { updateCalibration, type EstimateSettings } from '../pipeline/estimate';
import type { Capabilities } from '../runtime/capabilities';
import { loadColdRun, recordColdRun } from './calibration';
import { runEstimate } from './estimate';

const swift: Capabilities = { webgpu: true, shaderF16: false, adapterName: 'google swiftshader', crossOriginIsolated: true, threads: 2 };
const rtx: Capabilities = { ...swift, shaderF16: true, adapterName: 'nvidia ampere', threads: 8 };
const fixture: EstimateSettings = defaultSettings(FIXTURE_SET);

function memoryPrefs() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('cold and warm run estimates', () => {
  it('counts start-up in a first run: the fixture set on SwiftShader is ten seconds or more, not the warm seconds', () => {
    const e = runEstimate(FIXTURE_SET, fixture, swift, true);
    // Measured here: 7 s (idle machine) to 90 s (overloaded) for a first fixture run on SwiftShader, 1–4 s warm.
    expect(e.nextMs).toBeGreaterThan(8_000);
    expect(e.nextMs).toBeLessThan(120_000);
    expect(e.totalMs).toBeLessThan(10_000);
    expect(e.nextMs).toBe(e.totalMs + e.coldMs);
    expect(e.coldGraphs).toBe(Object.keys(FIXTURE_SET.graphs).length);
    expect(e.coldMeasured).toBe(false);
    // Warm: the same settings are only the stages' work.
    expect(runEstimate(FIXTURE_SET, fixture, swift, false).nextMs).toBe(e.totalMs);
  });

  it('a user image skips the text-to-image worker and its graphs, so a cold run starts less', () => {
    const withText = runEstimate(FIXTURE_SET, fixture, swift, true);
    const upload = runEstimate(FIXTURE_SET, { ...fixture, skipTextToImage: true }, swift, true);
    expect(upload.coldGraphs).toBe(withText.coldGraphs - 4);
    expect(upload.coldMs).toBeLessThan(withText.coldMs);
  });

  it('loading the real set reads its gigabytes: the cold term grows with the bytes', () => {
    const e = runEstimate(REAL_SET, defaultSettings(REAL_SET), rtx, true);
    expect(e.coldBytes).toBeGreaterThan(2e9);
    expect(e.coldMs).toBeGreaterThan(e.coldBytes / 1e6); // slower than 1 GB/s
  });

  it('after a cold run, predicts that run exactly; warm runs later move the cold overhead, not the cold wall', () => {
    const prefs = memoryPrefs();
    recordColdRun(swift, FIXTURE_SET, { settings: fixture, wallMs: 47_000 }, prefs);
    const run = loadColdRun(swift, FIXTURE_SET, prefs);
    expect(run).toEqual({ settings: fixture, wallMs: 47_000 });
    expect(runEstimate(FIXTURE_SET, fixture, swift, true, {}, run).nextMs).toBeCloseTo(47_000, 6);
    // Warm runs measured 3 s for the same settings: the cold overhead is the rest, 44 s.
    const measured = { text: 400, image: 600, cutout: 300, parts: 900, points: 800 };
    const cal = updateCalibration({}, FIXTURE_SET, fixture, swift, measured);
    const e = runEstimate(FIXTURE_SET, fixture, swift, true, cal, run);
    expect(e.coldMeasured).toBe(true);
    expect(e.totalMs).toBeCloseTo(3000, 6);
    expect(e.coldMs).toBeCloseTo(44_000, 6);
    // More work: the warm part grows, the start-up stays.
    const more = runEstimate(FIXTURE_SET, { ...fixture, partSteps: 80 }, swift, true, cal, run);
    expect(more.coldMs).toBeCloseTo(44_000, 6);
    expect(more.nextMs).toBeGreaterThan(47_000);
    // Another device or set has no record.
    expect(loadColdRun(rtx, FIXTURE_SET, prefs)).toBeUndefined();
  });
});
