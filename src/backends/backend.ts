import type { RgbaImage } from '../pipeline/image';
import type { PointCloud } from '../pipeline/point-cloud';
import type { ProgressFn } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';

export interface GenerateHandlers {
  signal: AbortSignal;
  onProgress: ProgressFn;
  /** Called as soon as each picture exists, so the UI can show its card. */
  onImage: (kind: 'image' | 'cutout', image: RgbaImage) => void;
}

/** Local (web workers) and remote (HTTP + SSE) backends implement the same interface. */
export interface Backend {
  readonly name: string;
  generate(request: GenerateRequest, handlers: GenerateHandlers): Promise<PointCloud>;
  dispose(): void;
}
