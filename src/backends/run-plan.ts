// One generation as a sequence of stage calls, shared by every backend: the local one runs each stage in
// its worker, the remote server in-process. What a request means for each stage (which options, which
// seed, when text-to-image is skipped) is decided here once.
import type { GeometryLatents, GeometryOptions } from '../pipeline/geometry/run';
import type { RgbaImage } from '../pipeline/image';
import type { PartLatents, PartsOptions } from '../pipeline/parts/run';
import type { PointCloud } from '../pipeline/point-cloud';
import { checkAbort } from '../leaf/abort';
import type { GenerateRequest } from '../pipeline/request';
import type { TextToImageRequest } from '../pipeline/text-to-image/run';

/** How a backend runs each stage. Inputs may be transferred away: callers must not reuse them. */
export interface StageRunners {
  textToImage(args: TextToImageRequest): Promise<RgbaImage>;
  cutout(image: RgbaImage): Promise<{ image: RgbaImage }>;
  parts(image: RgbaImage, options: PartsOptions): Promise<PartLatents>;
  geometry(latents: GeometryLatents, options: GeometryOptions): Promise<{ cloud: PointCloud }>;
}

export interface RunPlanOptions {
  signal: AbortSignal;
  /** Called as soon as each picture exists (with a copy the stages never touch). */
  onImage: (kind: 'image' | 'cutout', image: RgbaImage) => void;
  /** Occupancy points per query-graph run on this backend's device (query-batch.ts). */
  queryBatch?: (tokensPerPart: number) => number;
}

export function copyImage(image: RgbaImage): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
}

export async function runPlan(request: GenerateRequest, stages: StageRunners, o: RunPlanOptions): Promise<PointCloud> {
  const { signal, onImage } = o;
  checkAbort(signal);
  const { seed } = request;
  const image = request.image ?? (await stages.textToImage({ prompt: request.prompt, seed, steps: request.imageSteps }));
  onImage('image', image);
  checkAbort(signal);
  // The caller keeps showing its own picture; the stage gets a copy it may take over.
  const cut = await stages.cutout(copyImage(image));
  onImage('cutout', cut.image);
  checkAbort(signal);
  const latents = await stages.parts(copyImage(cut.image), {
    numParts: request.numParts,
    tokensPerPart: request.tokensPerPart,
    steps: request.partSteps,
    guidance: request.guidance,
    seed,
  });
  checkAbort(signal);
  const { cloud } = await stages.geometry(latents, {
    gridResolution: request.gridResolution,
    pointCount: request.pointCount,
    seed,
    queryBatch: o.queryBatch?.(request.tokensPerPart),
  });
  checkAbort(signal);
  return cloud;
}
