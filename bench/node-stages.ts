// Per-stage wall times of the real stage code on the fixture set, in Node (onnxruntime-node, CPU EP).
import { FIXTURE_SET } from '../models/sets/fixture';
import { cutout } from '../src/pipeline/background/run';
import { extractPointCloud } from '../src/pipeline/geometry/run';
import { predictParts } from '../src/pipeline/parts/run';
import { textToImage } from '../src/pipeline/text-to-image/run';
import { createNodeContext } from '../src/runtime/node-context';
import { BENCH_REQUEST } from './request';

export interface StageTimes {
  [stage: string]: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

/** One warm-up run (session creation), then `runs` timed runs; returns the median per stage. */
export async function benchNodeStages(runs = 3): Promise<StageTimes> {
  const ctx = createNodeContext(FIXTURE_SET);
  const r = BENCH_REQUEST;
  const samples: Record<string, number[]> = { 'text+image': [], cutout: [], parts: [], points: [] };
  for (let i = 0; i <= runs; i++) {
    const [image, tImage] = await timed(() => textToImage(ctx, { prompt: r.prompt, seed: r.seed, steps: r.imageSteps }));
    const [cut, tCut] = await timed(() => cutout(ctx, image));
    const [latents, tParts] = await timed(() =>
      predictParts(ctx, cut.image, {
        numParts: r.numParts,
        tokensPerPart: r.tokensPerPart,
        steps: r.partSteps,
        guidance: r.guidance,
        seed: r.seed,
      }),
    );
    const [, tPoints] = await timed(() =>
      extractPointCloud(ctx, latents, { gridResolution: r.gridResolution, pointCount: r.pointCount, seed: r.seed }),
    );
    if (i === 0) continue; // warm-up: includes session creation
    samples['text+image'].push(tImage);
    samples.cutout.push(tCut);
    samples.parts.push(tParts);
    samples.points.push(tPoints);
  }
  await ctx.graphs.release();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}
