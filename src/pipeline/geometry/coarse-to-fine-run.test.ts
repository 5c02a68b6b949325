import { describe, expect, it } from 'vitest';
import { sphereTable } from '../../../models/fixture/spheres';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createNodeContext } from '../../runtime/node-context';
import type { ProgressEvent } from '../../leaf/progress';
import { meshDistance } from './coarse-to-fine-fields';
import { gridStep } from './grid';
import { extractPointCloud, type GeometryLatents } from './run';

const TOKENS = 4;

/** Two fixture parts (spheres the fixture VAE reads from channels 0..3 of every token). */
function latents(): GeometryLatents {
  const C = FIXTURE_SET.dims.partChannels;
  const table = sphereTable(C);
  const data = new Float32Array(2 * TOKENS * C);
  for (let p = 0; p < 2; p++) for (let t = 0; t < TOKENS; t++) data.set(table.slice(p * C, (p + 1) * C), (p * TOKENS + t) * C);
  return { numParts: 2, tokens: TOKENS, channels: C, data };
}

describe("extractPointCloud with method 'coarse-to-fine' on the fixture VAE", () => {
  it('gives the dense meshes and reports monotone progress up to its total', async () => {
    const RES = 40;
    const events: ProgressEvent[] = [];
    const ctx = createNodeContext(FIXTURE_SET, { onProgress: (e) => events.push(e) });
    const opts = { gridResolution: RES, pointCount: 500, seed: 3, queryBatch: 4096 };
    const dense = await extractPointCloud(ctx, latents(), opts);
    events.length = 0;
    const ours = await extractPointCloud(ctx, latents(), { ...opts, method: 'coarse-to-fine' });
    expect(ours.cloud.emptyParts).toEqual([]);
    for (let p = 0; p < 2; p++) {
      expect(meshDistance(ours.meshes[p], dense.meshes[p], gridStep(RES, FIXTURE_SET.dims.bounds)).hausdorff).toBeLessThan(1e-6);
    }
    const steps = events.flatMap((e) => (e.status === 'progress' ? [e] : []));
    for (let i = 1; i < steps.length; i++) expect(steps[i].step).toBeGreaterThanOrEqual(steps[i - 1].step);
    expect(steps.at(-1)).toMatchObject({ step: steps.at(-1)!.total });
  });
});
