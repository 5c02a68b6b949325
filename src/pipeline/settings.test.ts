import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { buildRequest, clampSettings, defaultSettings, settingLimits } from './settings';
import { chooseModelSet } from '../state/model-set-choice';

describe('settings', () => {
  for (const set of [FIXTURE_SET, REAL_SET]) {
    it(`defaults for the ${set.id} set are valid for it`, () => {
      const d = defaultSettings(set);
      expect(set.dims.tokensPerPartChoices).toContain(d.tokensPerPart);
      expect(d.numParts).toBeLessThanOrEqual(set.dims.maxParts);
      // Defaults survive clamping unchanged: they are inside every limit.
      expect(clampSettings(set, d)).toEqual(d);
    });
  }

  it('uses PartCrafter defaults for the real set and small, fast ones for the fixture', () => {
    expect(defaultSettings(REAL_SET)).toMatchObject({ partSteps: 50, guidance: 7, tokensPerPart: 1024 });
    const f = defaultSettings(FIXTURE_SET);
    expect(f.tokensPerPart).toBe(FIXTURE_SET.dims.defaultTokensPerPart);
    expect(f.gridResolution).toBeLessThan(defaultSettings(REAL_SET).gridResolution);
  });

  it('clamps out-of-range values and snaps tokens to the nearest choice', () => {
    const c = clampSettings(REAL_SET, {
      ...defaultSettings(REAL_SET),
      imageSteps: 9,
      numParts: 40,
      tokensPerPart: 1000,
      seed: -5,
      pointCount: NaN,
    });
    expect(c.imageSteps).toBe(4);
    expect(c.numParts).toBe(REAL_SET.dims.maxParts);
    expect(c.tokensPerPart).toBe(1024);
    expect(c.seed).toBe(0);
    expect(c.pointCount).toBe(defaultSettings(REAL_SET).pointCount);
    expect(clampSettings(FIXTURE_SET, { ...defaultSettings(FIXTURE_SET), tokensPerPart: 9 }).tokensPerPart).toBe(8);
  });

  it('limits parts to the set', () => {
    const small = { ...FIXTURE_SET, dims: { ...FIXTURE_SET.dims, maxParts: 5 } };
    expect(settingLimits(small).numParts).toEqual([1, 5]);
    expect(clampSettings(small, { ...defaultSettings(small), numParts: 12 }).numParts).toBe(5);
  });

  it('builds a request for the set, keeping an uploaded image', () => {
    const image = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    const r = buildRequest(FIXTURE_SET, { ...defaultSettings(FIXTURE_SET), imageSteps: 0 }, { prompt: 'x', image });
    expect(r.setId).toBe('fixture');
    expect(r.imageSteps).toBe(1);
    expect(r.image).toBe(image);
  });
});

describe('model set choice', () => {
  it('reads ?set=, defaults to the fixture and reports unknown ids', () => {
    expect(chooseModelSet('').set.id).toBe('fixture');
    expect(chooseModelSet('?set=real').set.id).toBe('real');
    const bad = chooseModelSet('?set=nope');
    expect(bad.set.id).toBe('fixture');
    expect(bad.warning).toMatch(/nope/);
  });
});
