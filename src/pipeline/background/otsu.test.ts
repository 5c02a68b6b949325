import { describe, expect, it } from 'vitest';
import { otsuBinarize, otsuLevel } from './otsu';

describe('Otsu threshold', () => {
  it('puts the level at the top of the lower mode of two separated, equal modes', () => {
    // Two identical triangles around 50 and 170. Once the whole lower mode is below the level, the
    // between-class variance stays flat across the empty gap; splitting a mode lowers it. So the first
    // maximiser, and OpenCV's answer, is the lower mode's last occupied value: 60.
    const hist = new Float64Array(256);
    for (let d = -10; d <= 10; d++) {
      hist[50 + d] = 11 - Math.abs(d);
      hist[170 + d] = 11 - Math.abs(d);
    }
    expect(otsuLevel(hist)).toBe(60);
  });

  it('matches a hand-computed three-value case', () => {
    // One pixel each at 0, 100, 255. Level 0: (1/3)(2/3)(177.5)² ≈ 7001; level 100: (2/3)(1/3)(205)² ≈ 9339.
    const hist = new Float64Array(256);
    hist[0] = hist[100] = hist[255] = 1;
    expect(otsuLevel(hist)).toBe(100);
  });

  it('puts a two-value histogram at the lower value, so "above the level" is exactly the upper one', () => {
    const hist = new Float64Array(256);
    hist[10] = 70;
    hist[240] = 30;
    expect(otsuLevel(hist)).toBe(10);
  });

  it('binarises the mask it is given: above the level → 255, else 0', () => {
    const mask = Uint8Array.from([0, 3, 5, 250, 252, 255, 4, 251]);
    expect([...otsuBinarize(mask)]).toEqual([0, 0, 0, 255, 255, 255, 0, 255]);
  });

  it('leaves an all-zero mask empty', () => {
    expect(otsuBinarize(new Uint8Array(16)).every((v) => v === 0)).toBe(true);
  });
});
