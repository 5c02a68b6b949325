import { describe, expect, it } from 'vitest';
import { floatToHalf, fromHalfArray, halfToFloat, toHalfArray } from './float16';

describe('float16 conversion', () => {
  it('encodes known values bit-exactly', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1e6)).toBe(0x7c00); // overflow -> +Inf
    expect(floatToHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(floatToHalf(0.1)).toBe(0x2e66);
    expect(Number.isNaN(halfToFloat(floatToHalf(NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 is exactly between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3*2^-11 is between 1+2^-10 (odd) and 1+2^-9 (even): goes up.
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('round-trips every finite half value', () => {
    const bits = new Uint16Array(0x10000);
    for (let i = 0; i < bits.length; i++) bits[i] = i;
    const back = toHalfArray(fromHalfArray(bits));
    for (let i = 0; i < bits.length; i++) {
      const exp = (i >>> 10) & 0x1f;
      if (exp === 0x1f && i & 0x3ff) continue; // NaN payloads are not preserved
      expect(back[i]).toBe(i);
    }
  });
});
