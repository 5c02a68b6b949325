import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import type { Capabilities } from '../runtime/capabilities';
import { deviceClass, estimateRun, queriesPerPart, stageGflop, updateCalibration, type EstimateSettings } from './estimate';

const base: EstimateSettings = { imageSteps: 1, numParts: 4, tokensPerPart: 1024, guidance: 7, partSteps: 50, gridResolution: 256 };
const rtx: Capabilities = { webgpu: true, shaderF16: true, adapterName: 'nvidia ampere', crossOriginIsolated: true, threads: 4 };
const swift: Capabilities = { ...rtx, shaderF16: false, adapterName: 'google swiftshader' };

describe('stageGflop', () => {
  it('puts the real set where its parameter counts say: the DiT dominates, ~28 TFLOP a step for 4 parts', () => {
    const w = stageGflop(REAL_SET, base);
    expect(w.parts / 50).toBeGreaterThan(25_000);
    expect(w.parts / 50).toBeLessThan(31_000);
    expect(w.parts).toBeGreaterThan(w.points);
    expect(w.points).toBeGreaterThan(w.image);
  });

  it('grows with every setting that adds work, and drops text and image for an uploaded image', () => {
    const w = stageGflop(REAL_SET, base);
    const more = (patch: Partial<EstimateSettings>) => stageGflop(REAL_SET, { ...base, ...patch });
    expect(more({ partSteps: 51 }).parts).toBeCloseTo(
      ((w.parts - REAL_SET.cost.imageEncoderGflop) * 51) / 50 + REAL_SET.cost.imageEncoderGflop,
      3,
    );
    expect(more({ numParts: 5 }).parts).toBeGreaterThan((w.parts * 5) / 4); // global attention is quadratic in N
    const enc = REAL_SET.cost.imageEncoderGflop;
    expect(more({ guidance: 1 }).parts - enc).toBeCloseTo((w.parts - enc) / 2, 3); // no CFG: half the rows
    expect(more({ gridResolution: 512 }).points).toBeGreaterThan(3 * w.points);
    expect(more({ imageSteps: 4 }).image).toBeGreaterThan(w.image);
    const up = more({ skipTextToImage: true });
    expect([up.text, up.image]).toEqual([0, 0]);
  });

  it('counts coarse-to-fine queries: the whole lattice when it is the first level, then the shell', () => {
    expect(queriesPerPart(24)).toBe(24 ** 3);
    expect(queriesPerPart(256)).toBeCloseTo(33 ** 3 + 11 * 256 ** 2, 0);
  });
});

describe('estimateRun and calibration', () => {
  it('classes devices by adapter, and a software GPU is guessed far slower than a discrete one', () => {
    expect(deviceClass(rtx)).toBe('discrete-gpu');
    expect(deviceClass(swift)).toBe('software-gpu');
    expect(deviceClass({ webgpu: true, adapterName: 'intel gen-12lp' })).toBe('integrated-gpu');
    expect(deviceClass({ webgpu: false })).toBe('cpu');
    const forced: Capabilities = { ...swift, forceProvider: 'webgpu' };
    expect(estimateRun(REAL_SET, base, forced).totalMs).toBeGreaterThan(1000 * estimateRun(REAL_SET, base, rtx).totalMs);
    // Left to itself the app runs a software adapter's graphs on wasm, and the estimate follows them there.
    expect(estimateRun(REAL_SET, base, swift).deviceClass).toBe('cpu');
    expect(estimateRun(REAL_SET, base, swift).totalMs).toBeCloseTo(estimateRun(REAL_SET, base, { ...swift, webgpu: false }).totalMs, 3);
  });

  it('after one measured run, predicts that run exactly and others in proportion to their work', () => {
    const measured = { text: 800, image: 1500, cutout: 400, parts: 9000, points: 3000 };
    const cal = updateCalibration({}, FIXTURE_SET, base, swift, measured);
    const again = estimateRun(FIXTURE_SET, base, swift, cal);
    for (const [id, ms] of Object.entries(measured)) expect(again.stages[id as keyof typeof measured]).toBeCloseTo(ms, 6);
    expect(again.calibrated).toHaveLength(5);
    // A second, different measurement moves the factor to the geometric mean of the two.
    const cal2 = updateCalibration(cal, FIXTURE_SET, base, swift, { parts: 36_000 });
    expect(estimateRun(FIXTURE_SET, base, swift, cal2).stages.parts).toBeCloseTo(18_000, 6);
    expect(cal2.points).toBe(cal.points);
    // Settings with more work predict more time.
    expect(estimateRun(FIXTURE_SET, { ...base, partSteps: 100 }, swift, cal2).stages.parts).toBeGreaterThan(18_000);
  });
});
