import type { RgbaImage } from '../pipeline/image';
import type { PartLatents } from '../pipeline/parts/run';
import type { PointCloud } from '../pipeline/point-cloud';
import type { ProgressFn } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';
import type { ReusedOutputs } from './run-plan';

export interface GenerateHandlers {
  signal: AbortSignal;
  onProgress: ProgressFn;
  /** Called as soon as each picture exists, so the UI can show its card. */
  onImage: (kind: 'image' | 'cutout', image: RgbaImage) => void;
  /** Called with the part latents, for a later run to start from (backends with `reusesStages`). */
  onLatents?: (latents: PartLatents) => void;
  /** Earlier outputs to start from instead of rerunning their stages (backends with `reusesStages`). */
  reuse?: ReusedOutputs;
}

export interface CandidateHandlers {
  signal: AbortSignal;
  onProgress: ProgressFn;
  onCandidate: (index: number, seed: number, image: RgbaImage) => void;
}

/** Local (web workers) and remote (HTTP + SSE) backends implement the same interface. */
export interface Backend {
  readonly name: string;
  /** Whether `reuse` and `onLatents` are honoured (the remote server reruns every stage). */
  readonly reusesStages?: boolean;
  generate(request: GenerateRequest, handlers: GenerateHandlers): Promise<PointCloud>;
  /** Candidate pictures for a prompt (text-to-image only), each from its own seed; absent on the server. */
  candidates?(request: GenerateRequest, count: number, handlers: CandidateHandlers): Promise<void>;
  dispose(): void;
}
