// The DINOv2 key map and the bicubic position-embedding resize the image encoder bakes in.
import { describe, expect, it } from 'vitest';
import { bicubicMatrix, resizePositionEmbedding } from './bicubic';
import { dinov2Keys, DINOV2_CONFIG } from './dinov2-keys';
import { parameterCount } from './partcrafter-keys';
import { refPositionEmbedding } from './reference/dino';
import { errorStats } from './test/run-compiled';
import { uniform } from './test/tiny-checkpoint';

describe('DINOv2 key map', () => {
  it('has ViT-L/14 parameter count at the released config (with the unused mask token: 304,368,640)', () => {
    expect(parameterCount(dinov2Keys()) + DINOV2_CONFIG.hidden).toBe(304_368_640);
    expect(dinov2Keys()['embeddings.position_embeddings']).toEqual([1, 1370, 1024]);
  });
});

describe('bicubic position-embedding resize', () => {
  it('matches PyTorch bicubic on a ramp (edge taps clamped): [0, 1, 2, 3] → [0.40625, 2.59375]', () => {
    const m = bicubicMatrix(4, 2);
    const ramp = [0, 1, 2, 3];
    const y = [0, 1].map((o) => ramp.reduce((acc, v, i) => acc + m[o * 4 + i] * v, 0));
    expect(y[0]).toBeCloseTo(0.40625, 12);
    expect(y[1]).toBeCloseTo(2.59375, 12);
  });

  it('agrees with the point-by-point reference at the released sizes (37 → 16) and is identity at equal size', () => {
    const D = 3;
    const pos = uniform((1 + 37 * 37) * D, 5);
    const s = errorStats(refPositionEmbedding(pos, 37, 16, D), resizePositionEmbedding(pos, 37, 16, D));
    expect(s.maxAbs).toBeLessThan(1e-6);
    expect(Array.from(resizePositionEmbedding(pos, 37, 37, D))).toEqual(Array.from(pos));
  });
});
