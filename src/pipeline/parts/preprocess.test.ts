import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createImage } from '../image';
import { createRng } from '../random';
import { dinoPixelValues, resizedSize } from './preprocess';

const d = FIXTURE_SET.dims;

describe('DINO preprocessing', () => {
  it('sends the shortest edge to the target and truncates the long one', () => {
    expect(resizedSize(640, 480, 256)).toEqual([341, 256]);
    expect(resizedSize(480, 641, 256)).toEqual([256, 341]);
    expect(resizedSize(300, 300, 256)).toEqual([256, 256]);
  });

  it('normalises a flat colour with the set’s mean and std, channel-planar', () => {
    const S = d.dinoCrop;
    const px = dinoPixelValues(createImage(40, 30, [200, 120, 60, 255]), d);
    expect(px).toHaveLength(3 * S * S);
    [200, 120, 60].forEach((v, c) => {
      for (const i of [0, 5 * S + 7, S * S - 1]) expect(px[c * S * S + i]).toBeCloseTo((v / 255 - d.dinoMean[c]) / d.dinoStd[c], 5);
    });
  });

  it('crops the centre: top = (H − crop)//2, left = (W − crop)//2', () => {
    // 64×32 with a 32 px shortest edge needs no resize, so every output pixel is one input pixel.
    const W = 64,
      H = 32,
      S = d.dinoCrop;
    expect(d.dinoResize).toBe(H);
    const img = createImage(W, H);
    const rng = createRng(5);
    for (let i = 0; i < img.data.length; i++) img.data[i] = Math.floor(rng.next() * 256);
    const px = dinoPixelValues(img, d);
    const top = (H - S) >> 1,
      left = (W - S) >> 1;
    for (const [x, y] of [
      [0, 0],
      [S - 1, 0],
      [3, S - 1],
      [S - 1, S - 1],
      [13, 9],
    ]) {
      for (let c = 0; c < 3; c++) {
        const v = img.data[((y + top) * W + x + left) * 4 + c];
        expect(px[c * S * S + y * S + x]).toBeCloseTo((v / 255 - d.dinoMean[c]) / d.dinoStd[c], 5);
      }
    }
  });

  it('drops alpha rather than compositing it', () => {
    const a = dinoPixelValues(createImage(33, 33, [10, 200, 90, 255]), d);
    const b = dinoPixelValues(createImage(33, 33, [10, 200, 90, 0]), d);
    expect(b).toEqual(a);
  });
});
