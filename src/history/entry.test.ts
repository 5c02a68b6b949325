import { describe, expect, it } from 'vitest';
import { createRng } from '../pipeline/random';
import type { PointCloud } from '../pipeline/point-cloud';
import type { StageOutputs } from '../backends/run-plan';
import { decodeRun, encodeRun } from './entry';

function randomRun(seed: number, upload: boolean): { outputs: StageOutputs; cloud: PointCloud } {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng.next() * n);
  const image = (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(4 * w * h).map(() => int(256)) });
  const K = 1 + int(16);
  const P = int(5000);
  const T = 1 + int(64);
  const C = 1 + int(8);
  const meshes = Array.from({ length: K }, () => {
    const v = rng.next() < 0.2 ? 0 : 3 + int(3000);
    return {
      positions: new Float32Array(3 * v).map(() => rng.next() - 0.5),
      indices: new Uint32Array(v ? 3 * int(2 * v) : 0).map(() => int(v)),
    };
  });
  const picture = image(1 + int(80), 1 + int(80));
  const request = {
    setId: 'fixture',
    prompt: `prompt ${seed} ✓`,
    seed: int(2 ** 31),
    imageSteps: 1 + int(4),
    numParts: K,
    tokensPerPart: T,
    partSteps: 1 + int(50),
    guidance: rng.next() * 10,
    gridResolution: 8 + int(100),
    pointCount: P,
    partsSeed: rng.next() < 0.5 ? int(1000) : undefined,
    image: upload ? picture : undefined,
  };
  return {
    outputs: {
      request,
      image: picture,
      cutout: image(1 + int(80), 1 + int(80)),
      latents: { numParts: K, tokens: T, channels: C, data: new Float32Array(K * T * C).map(() => rng.next() * 4 - 2) },
    },
    cloud: {
      positions: new Float32Array(3 * P).map(() => rng.next() * 2 - 1),
      partIds: new Uint8Array(P).map(() => int(K)),
      partNames: Array.from({ length: K }, (_, p) => `Part ${p + 1}`),
      emptyParts: [int(K)],
      failedParts: [{ part: 0, reason: 'x' }],
      meshes: rng.next() < 0.8 ? meshes : undefined,
    },
  };
}

describe('history entries', () => {
  it('decode(encode(run)) gives back every stage output and the cloud bit for bit (random runs)', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { outputs, cloud } = randomRun(seed, seed % 3 === 0);
      const names = cloud.partNames.map((n, p) => (p === 0 ? 'renamed' : n));
      const thumb = new Blob([new Uint8Array(100)]);
      const { record, payload } = encodeRun(`run-${seed}`, outputs, cloud, names, thumb, 1234);
      // What the strip lists holds no big arrays: it stays small whatever the run's size.
      expect(JSON.stringify({ ...record, thumbnail: undefined }).length).toBeLessThan(2000);
      expect(record).toMatchObject({
        id: `run-${seed}`,
        createdAt: 1234,
        partNames: names,
        points: cloud.partIds.length,
        parts: cloud.partNames.length,
      });
      const run = await decodeRun(record, payload);
      expect(run.cloud).toEqual(cloud);
      expect(run.outputs).toEqual(outputs);
      const sizes = [
        outputs.image.data,
        outputs.cutout.data,
        outputs.latents.data,
        cloud.positions,
        cloud.partIds,
        ...(cloud.meshes ?? []).flatMap((m) => [m.positions, m.indices]),
      ].reduce((n, a) => n + a.byteLength, 0);
      expect(record.bytes).toBe(sizes + thumb.size);
    }
  });
});
