// One generation as a sequence of stage calls, shared by every backend: the local one runs each stage in
// its worker, the remote server in-process. What a request means for each stage (which options, which
// seed, when text-to-image is skipped) is decided here once.
import type { GeometryLatents, GeometryOptions } from '../pipeline/geometry/run';
import type { RgbaImage } from '../pipeline/image';
import type { PartLatents, PartsOptions } from '../pipeline/parts/run';
import type { PointCloud } from '../pipeline/point-cloud';
import { candidateSeed } from '../pipeline/candidates';
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

/** Outputs of an earlier run that this one starts from instead of recomputing them (see `reusable`). */
export interface ReusedOutputs {
  image?: RgbaImage;
  cutout?: RgbaImage;
  latents?: PartLatents;
}

export interface RunPlanOptions {
  signal: AbortSignal;
  /** Called as soon as each picture exists (with a copy the stages never touch). */
  onImage: (kind: 'image' | 'cutout', image: RgbaImage) => void;
  /** Called with the part latents (a copy the stages never touch), so a later run can start from them. */
  onLatents?: (latents: PartLatents) => void;
  /** Earlier outputs to start from; each one given skips its stage (and every stage before it). */
  reuse?: ReusedOutputs;
  /** Occupancy points per query-graph run on this backend's device (query-batch.ts). */
  queryBatch?: (tokensPerPart: number) => number;
}

export function copyImage(image: RgbaImage): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
}

export function copyLatents(l: PartLatents): PartLatents {
  return { numParts: l.numParts, tokens: l.tokens, channels: l.channels, data: new Float32Array(l.data) };
}

/** What a finished run leaves for the next: its request and every stage output up to the latents. */
export interface StageOutputs {
  request: GenerateRequest;
  image: RgbaImage;
  cutout: RgbaImage;
  latents: PartLatents;
}

/** The seed of the parts and geometry stages: its own when given, else the run's seed. */
export const partsSeedOf = (r: GenerateRequest): number => r.partsSeed ?? r.seed;

/**
 * Which of `prev`'s outputs `next` can start from. The picture and cutout depend on the set and the
 * picture's source (the same uploaded image, or the same prompt, seed and image steps); the latents also on
 * every parts setting. Geometry always reruns: it is the cheap stage, and a rerun is what was asked for.
 */
export function reusable(prev: StageOutputs | undefined, next: GenerateRequest): ReusedOutputs {
  if (!prev || prev.request.setId !== next.setId) return {};
  const p = prev.request;
  const samePicture = next.image
    ? next.image === p.image || next.image === prev.image
    : !p.image && p.prompt === next.prompt && p.seed === next.seed && p.imageSteps === next.imageSteps;
  if (!samePicture) return {};
  const sameParts =
    p.numParts === next.numParts &&
    p.tokensPerPart === next.tokensPerPart &&
    p.partSteps === next.partSteps &&
    p.guidance === next.guidance &&
    partsSeedOf(p) === partsSeedOf(next);
  return sameParts ? { image: prev.image, cutout: prev.cutout, latents: prev.latents } : { image: prev.image, cutout: prev.cutout };
}

/** Text-to-image only, once per candidate seed; each picture is handed over as soon as it exists. */
export async function runCandidates(
  request: GenerateRequest,
  count: number,
  stages: Pick<StageRunners, 'textToImage'>,
  o: { signal: AbortSignal; onCandidate: (index: number, seed: number, image: RgbaImage) => void },
): Promise<void> {
  for (let i = 0; i < count; i++) {
    checkAbort(o.signal);
    const seed = candidateSeed(request.seed, i);
    o.onCandidate(i, seed, await stages.textToImage({ prompt: request.prompt, seed, steps: request.imageSteps }));
  }
  checkAbort(o.signal);
}

export async function runPlan(request: GenerateRequest, stages: StageRunners, o: RunPlanOptions): Promise<PointCloud> {
  const { signal, onImage, reuse = {} } = o;
  checkAbort(signal);
  const { seed } = request;
  const partsSeed = partsSeedOf(request);
  const image = reuse.image ?? request.image ?? (await stages.textToImage({ prompt: request.prompt, seed, steps: request.imageSteps }));
  onImage('image', image);
  checkAbort(signal);
  // The caller keeps showing its own picture; the stage gets a copy it may take over.
  const cut = reuse.cutout ?? (await stages.cutout(copyImage(image))).image;
  onImage('cutout', cut);
  checkAbort(signal);
  const latents =
    reuse.latents ??
    (await stages.parts(copyImage(cut), {
      numParts: request.numParts,
      tokensPerPart: request.tokensPerPart,
      steps: request.partSteps,
      guidance: request.guidance,
      seed: partsSeed,
    }));
  o.onLatents?.(latents);
  checkAbort(signal);
  // Latents someone keeps (reused ones, or handed to onLatents) go to geometry as a copy it may take over.
  const kept = Boolean(reuse.latents || o.onLatents);
  const { cloud } = await stages.geometry(kept ? copyLatents(latents) : latents, {
    gridResolution: request.gridResolution,
    pointCount: request.pointCount,
    seed: partsSeed,
    queryBatch: o.queryBatch?.(request.tokensPerPart),
  });
  checkAbort(signal);
  return cloud;
}
