// The DINOv2 image encoder graph from a tiny float16 checkpoint (the real file is float16), run in
// onnxruntime-node against the reference forward pass; and the bicubic position-embedding resize.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bicubicMatrix, resizePositionEmbedding } from './bicubic';
import { dinov2Keys, DINOV2_CONFIG, resolveDinov2Config } from './dinov2-keys';
import { planImageEncoder } from './graphs/dino';
import { resolveOptions } from './options';
import { parameterCount } from './partcrafter-keys';
import { refDino, refPositionEmbedding } from './reference/dino';
import { memorySource, openSafetensors } from './safetensors';
import { compileTo, errorStats, openCompiled, tempDir } from './test/run-compiled';
import { tinyCheckpoint, uniform } from './test/tiny-checkpoint';
import { weightFile } from './weights';

const config = resolveDinov2Config({ hidden: 32, layers: 2, heads: 4, patch: 2, imageSize: 14, crop: 8 });
const checkpoint = tinyCheckpoint(dinov2Keys(config), 21, 'F16', { 'embeddings.mask_token': [1, 32] });
const B = 2;
const pixels = uniform(B * 3 * 8 * 8, 3, 2);
const expected = refDino(checkpoint.values, { ...config, trainedGrid: 7 }, pixels, B);

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

const tmp = tempDir();
afterAll(() => tmp.remove());

for (const attention of ['mha', 'plain'] as const) {
  describe(`image encoder graph, float32, ${attention} attention`, () => {
    let run: Awaited<ReturnType<typeof openCompiled>>;
    beforeAll(async () => {
      const st = await openSafetensors(memorySource(checkpoint.bytes));
      const plan = planImageEncoder(weightFile('image_encoder_dinov2', st, checkpoint.bytes.length), config, resolveOptions({ variant: 'f32', bits: 'none', attention }));
      const dir = `${tmp.dir}/${attention}`;
      (await import('node:fs')).mkdirSync(dir);
      await compileTo(dir, plan);
      run = await openCompiled(dir, plan);
    });

    it('matches the reference for a batch of two images', async () => {
      const out = await run.run({ pixel_values: { values: pixels, dims: [B, 3, 8, 8] } });
      const s = errorStats(expected, out.last_hidden_state);
      console.log(`imageEncoder f32 ${attention}: max abs ${s.maxAbs.toExponential(2)}, rel ${s.maxRel.toExponential(2)}`);
      expect(s.maxRel).toBeLessThan(1e-5);
    });
  });
}
