import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../models/sets/fixture';
import { requestLimits } from '../src/pipeline/bounds';
import { createRng } from '../src/pipeline/random';
import { BadRequestError, checkRequest } from './request';

const sets = new Map([[FIXTURE_SET.id, FIXTURE_SET]]);
const limits = requestLimits(FIXTURE_SET);
type Field = keyof typeof limits;

describe('checkRequest', () => {
  it('keeps in-range settings as given and fills the rest from the defaults', () => {
    const r = checkRequest({ setId: 'fixture', prompt: 'a lamp', numParts: 3, guidance: 2.5 }, sets);
    expect(r).toMatchObject({ setId: 'fixture', prompt: 'a lamp', numParts: 3, guidance: 2.5 });
    expect(r.partSteps).toBeGreaterThanOrEqual(limits.partSteps[0]);
  });

  it('refuses any out-of-range, non-finite or mistyped setting with the field named, never clamping it', () => {
    const rng = createRng(7);
    const rand = () => rng.next();
    const fields = Object.keys(limits) as Field[];
    const bad = (f: Field): unknown => {
      const [lo, hi] = limits[f];
      const pick = Math.floor(rand() * 7);
      return [lo - 1 - Math.floor(rand() * 1e6), hi + 1 + Math.floor(rand() * 1e9), NaN, Infinity, -Infinity, String(lo), null][pick];
    };
    for (let i = 0; i < 200; i++) {
      const f = fields[Math.floor(rand() * fields.length)];
      const value = bad(f);
      let err: unknown;
      try {
        checkRequest({ setId: 'fixture', prompt: 'a lamp', [f]: value }, sets);
      } catch (e) {
        err = e;
      }
      expect(err, `${f}=${String(value)}`).toBeInstanceOf(BadRequestError);
      expect((err as Error).message).toMatch(/must be/);
    }
  });
});
