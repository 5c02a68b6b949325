import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { REAL_SET } from '../../../models/sets/real';
import { assembleConditioning, concatLastAxis, timeIds } from './conditioning';

describe('conditioning assembly', () => {
  it('puts encoder 1 before encoder 2 in every token row', () => {
    const a = Float32Array.from([1, 2, 3, 4]); // 2 rows × 2
    const b = Float32Array.from([10, 20, 30, 40, 50, 60]); // 2 rows × 3
    expect(Array.from(concatLastAxis(a, b, 2, 2, 3))).toEqual([1, 2, 10, 20, 30, 3, 4, 40, 50, 60]);
    expect(() => concatLastAxis(a, b, 3, 2, 3)).toThrow(/encoder 1/);
  });

  it('time_ids are [H, W, 0, 0, H, W] from the set’s image size', () => {
    expect(Array.from(timeIds(FIXTURE_SET.dims))).toEqual([64, 64, 0, 0, 64, 64]);
    expect(Array.from(timeIds(REAL_SET.dims))).toEqual([512, 512, 0, 0, 512, 512]);
  });

  it('assembles [L, h1 + h2] hidden states and checks the pooled size', () => {
    const d = FIXTURE_SET.dims;
    const h1 = new Float32Array(d.textLength * d.textHidden1).fill(1);
    const h2 = new Float32Array(d.textLength * d.textHidden2).fill(2);
    const c = assembleConditioning(d, h1, h2, new Float32Array(d.pooledDim));
    expect(c.hidden.length).toBe(d.textLength * (d.textHidden1 + d.textHidden2));
    expect(c.hidden[d.textHidden1 - 1]).toBe(1);
    expect(c.hidden[d.textHidden1]).toBe(2);
    expect(() => assembleConditioning(d, h1, h2, new Float32Array(3))).toThrow(/text_embeds/);
  });
});
