import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { decodeImage, encodeImage, encodeRequest } from '../backends/remote-wire';
import { buildRequest, defaultSettings } from './settings';
import { Base64Error } from '../leaf/base64';
import {
  MAX_IMAGE_SIDE,
  MAX_PROMPT_CHARS,
  MAX_REQUEST_BODY_BYTES,
  RequestBoundsError,
  requestIssues,
  requestLimits,
  validateRequest,
} from './bounds';
import { createImage } from './image';
import { createRng } from './random';

const SETS = [FIXTURE_SET, REAL_SET];
const base = (set = FIXTURE_SET) => ({ setId: set.id, prompt: 'a lamp', ...defaultSettings(set) });
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

/** Values no numeric setting may take, whatever its range. */
const HOSTILE = [NaN, Infinity, -Infinity, -1, -0.5, 1e308, -1e308, 2 ** 53, '5', null, undefined, {}, [], true];

describe('request bounds', () => {
  it('accepts the defaults of every set, and both ends of every range', () => {
    for (const set of SETS) {
      expect(requestIssues(set, base(set))).toEqual([]);
      for (const [field, [lo, hi]] of Object.entries(requestLimits(set))) {
        expect(requestIssues(set, { ...base(set), [field]: lo }), field).toEqual([]);
        expect(requestIssues(set, { ...base(set), [field]: hi }), field).toEqual([]);
      }
    }
  });

  it('names the one field at fault, with its range, for hostile and random out-of-range values', () => {
    const rng = createRng(8);
    for (const set of SETS) {
      for (const [field, [lo, hi]] of Object.entries(requestLimits(set))) {
        const whole = field !== 'guidance';
        const random = Array.from({ length: 30 }, () => {
          const span = (hi - lo + 1) * 10 ** (1 + Math.floor(rng.next() * 6));
          return rng.next() < 0.5 ? lo - 1 - Math.floor(rng.next() * span) : hi + 1 + Math.floor(rng.next() * span);
        });
        const fractions = whole ? [lo + 0.5, (lo + hi) / 2 + 0.25] : [];
        for (const v of [...HOSTILE, ...random, ...fractions, lo - 1e-6, hi + 1e-6]) {
          const issues = requestIssues(set, { ...base(set), [field]: v });
          expect(fields(issues), `${field} = ${String(v)}`).toEqual([field]);
          expect(issues[0].message).toContain(`from ${lo} to ${hi}`);
        }
      }
    }
  });

  it("takes tokens per part only from the set's choices", () => {
    for (const set of SETS) {
      for (const v of [...HOSTILE, 0, 1, 1000, set.dims.tokensPerPartChoices[0] + 1]) {
        expect(fields(requestIssues(set, { ...base(set), tokensPerPart: v })), String(v)).toEqual(['tokensPerPart']);
      }
      for (const v of set.dims.tokensPerPartChoices) expect(requestIssues(set, { ...base(set), tokensPerPart: v })).toEqual([]);
    }
  });

  it('bounds the prompt and needs a prompt or an image', () => {
    expect(requestIssues(FIXTURE_SET, { ...base(), prompt: 'x'.repeat(MAX_PROMPT_CHARS) })).toEqual([]);
    const long = requestIssues(FIXTURE_SET, { ...base(), prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) });
    expect(fields(long)).toEqual(['prompt']);
    expect(long[0].message).toMatch(/10,001 characters; at most 10,000/);
    for (const p of [undefined, null, 5, {}]) expect(fields(requestIssues(FIXTURE_SET, { ...base(), prompt: p }))).toEqual(['prompt']);
    expect(fields(requestIssues(FIXTURE_SET, { ...base(), prompt: ' \n ' }))).toEqual(['prompt']);
    expect(requestIssues(FIXTURE_SET, { ...base(), prompt: '', image: createImage(3, 2) })).toEqual([]);
  });

  it('refuses images with no pixels, negative, fractional, non-finite or oversized sides, or the wrong bytes', () => {
    const bad: [unknown, unknown][] = [
      [0, 0],
      [0, 5],
      [5, 0],
      [-1, 4],
      [4, -3],
      [1.5, 2],
      [NaN, 2],
      [2, Infinity],
      [MAX_IMAGE_SIDE + 1, 1],
      [1, 1e9],
      ['4', 4],
      [null, 4],
    ];
    for (const [width, height] of bad) {
      const issues = requestIssues(FIXTURE_SET, { ...base(), image: { width, height, data: new Uint8ClampedArray(16) } });
      expect(fields(issues), `${String(width)}×${String(height)}`).toEqual(['image']);
    }
    for (const data of [new Uint8ClampedArray(23), new Uint8Array(24), new Float32Array(24), 'abc', undefined]) {
      expect(fields(requestIssues(FIXTURE_SET, { ...base(), image: { width: 3, height: 2, data } }))).toEqual(['image']);
    }
    for (const image of [null, 5, 'png']) expect(fields(requestIssues(FIXTURE_SET, { ...base(), image }))).toEqual(['image']);
    expect(requestIssues(FIXTURE_SET, { ...base(), image: createImage(MAX_IMAGE_SIDE, 1) })).toEqual([]);
  });

  it('lets through whatever the settings store builds from hostile settings (it clamps to the same limits)', () => {
    const rng = createRng(5);
    for (const set of SETS) {
      for (let k = 0; k < 300; k++) {
        const s = Object.fromEntries(
          Object.keys(defaultSettings(set)).map((key) => {
            const r = rng.next();
            const v = r < 0.3 ? HOSTILE[Math.floor(rng.next() * 8)] : (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 12);
            return [key, v];
          }),
        ) as unknown as ReturnType<typeof defaultSettings>;
        expect(requestIssues(set, buildRequest(set, s, { prompt: 'a lamp' })), JSON.stringify(s)).toEqual([]);
      }
    }
  });

  it('lists every issue at once in one RequestBoundsError, and passes a good request through unchanged', () => {
    const r = { ...base(), setId: 'other', prompt: 7, seed: -1, guidance: NaN, pointCount: 1e12 };
    const err = (() => {
      try {
        validateRequest(FIXTURE_SET, r);
      } catch (e) {
        return e;
      }
    })() as RequestBoundsError;
    expect(err).toBeInstanceOf(RequestBoundsError);
    expect(err.name).toBe('RequestBoundsError');
    expect(fields(err.issues)).toEqual(['setId', 'prompt', 'seed', 'guidance', 'pointCount']);
    expect(err.message).toMatch(/Seed must be a whole number from 0 to 2147483647; got -1\./);
    const good = base();
    expect(validateRequest(FIXTURE_SET, good)).toBe(good);
    for (const v of [null, undefined, 'x', 3]) expect(() => validateRequest(FIXTURE_SET, v)).toThrow(RequestBoundsError);
  });
});

describe('wire images', () => {
  it('fit the stated body bound at their largest, with the worst prompt to escape', () => {
    for (const prompt of ['\u0001'.repeat(MAX_PROMPT_CHARS), '😀'.repeat(MAX_PROMPT_CHARS / 2), '"'.repeat(MAX_PROMPT_CHARS)]) {
      const r = validateRequest(FIXTURE_SET, { ...base(), prompt, image: createImage(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE) });
      const body = Buffer.byteLength(JSON.stringify(encodeRequest(r)));
      expect(body).toBeLessThanOrEqual(MAX_REQUEST_BODY_BYTES);
      expect(body).toBeGreaterThan(MAX_REQUEST_BODY_BYTES - 7 * MAX_PROMPT_CHARS);
    }
  });

  it('round-trip, and a bad size is refused before any base64 is decoded', () => {
    const img = createImage(5, 3, [1, 2, 3, 4]);
    expect(decodeImage(encodeImage(img))).toEqual(img);
    for (const [width, height] of [
      [0, 0],
      [-2, 3],
      [1e6, 1e6],
      [NaN, 1],
      [2.5, 2],
    ]) {
      // "rgba" is not even base64: the size check must come first.
      expect(() => decodeImage({ width, height, rgba: '%%%' })).toThrow(RequestBoundsError);
    }
  });

  it('refuses base64 of the wrong length or alphabet with a clear error', () => {
    const w = encodeImage(createImage(4, 4));
    expect(() => decodeImage({ ...w, rgba: w.rgba.slice(4) })).toThrow(/needs 64 RGBA bytes/);
    expect(() => decodeImage({ ...w, rgba: 42 as unknown as string })).toThrow(RequestBoundsError);
    expect(() => decodeImage({ ...w, rgba: '*' + w.rgba.slice(1) })).toThrow(Base64Error);
  });
});
