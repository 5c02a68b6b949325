// What crosses the wire between the remote backend and the server (server/). Used by both sides, so each
// encoding is defined once. The request is JSON (its optional picture as base64 RGBA: a request is small
// and bounded); everything a job produces travels as binary (a cloud, raw RGBA pictures), never as base64
// inside JSON, and the job's progress as server-sent events with small JSON payloads.
import type { RgbaImage } from '../pipeline/image';
import type { PointCloud } from '../pipeline/point-cloud';
import type { ProgressEvent } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';
import { imageSizeIssue, RequestBoundsError } from '../pipeline/bounds';
import type { ErrorDescription } from '../runtime/errors';
import { fromBase64, toBase64 } from '../leaf/base64';

const bytesOf = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

export interface WireImage {
  width: number;
  height: number;
  rgba: string;
}

export const encodeImage = (img: RgbaImage): WireImage => ({ width: img.width, height: img.height, rgba: toBase64(bytesOf(img.data)) });

/** A wire image back to pixels; its size is checked against the bounds before any base64 is decoded. */
export function decodeImage(w: WireImage): RgbaImage {
  const size = w && typeof w === 'object' ? imageSizeIssue(w.width, w.height) : { field: 'image', message: 'The image must be an object.' };
  if (size) throw new RequestBoundsError([size]);
  const bytes = w.width * w.height * 4;
  if (typeof w.rgba !== 'string' || w.rgba.length !== 4 * Math.ceil(bytes / 3)) {
    throw new RequestBoundsError([
      {
        field: 'image',
        message: `An image of ${w.width}×${w.height} needs ${bytes} RGBA bytes (${4 * Math.ceil(bytes / 3)} base64 characters); got ${typeof w.rgba === 'string' ? w.rgba.length : typeof w.rgba}.`,
      },
    ]);
  }
  return { width: w.width, height: w.height, data: new Uint8ClampedArray(fromBase64(w.rgba).buffer) };
}

/** The request body of POST /api/jobs: the request with its image, if any, encoded. */
export type WireRequest = Omit<GenerateRequest, 'image'> & { image?: WireImage };

export const encodeRequest = (r: GenerateRequest): WireRequest => ({ ...r, image: r.image && encodeImage(r.image) });

// Binary layouts. Little-endian; a 4-byte magic names the kind so a wrong file is a clear error.
//   cloud:   "LUMC" u32 version u32 points u32 metaBytes, meta JSON (names, empty and failed parts) padded to 4,
//            float32 xyz × points, uint8 part id × points
//   picture: "LUMI" u32 width u32 height, RGBA bytes
const CLOUD_MAGIC = 0x434d554c; // "LUMC"
const IMAGE_MAGIC = 0x494d554c; // "LUMI"

export function encodeCloudBinary(c: PointCloud): Uint8Array {
  const meta = new TextEncoder().encode(JSON.stringify({ partNames: c.partNames, emptyParts: c.emptyParts, failedParts: c.failedParts }));
  const metaPadded = Math.ceil(meta.length / 4) * 4;
  const n = c.partIds.length;
  const out = new Uint8Array(16 + metaPadded + 12 * n + n);
  const view = new DataView(out.buffer);
  view.setUint32(0, CLOUD_MAGIC, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, n, true);
  view.setUint32(12, meta.length, true);
  out.set(meta, 16);
  out.set(bytesOf(c.positions.subarray(0, 3 * n)), 16 + metaPadded);
  out.set(c.partIds, 16 + metaPadded + 12 * n);
  return out;
}

export function decodeCloudBinary(bytes: Uint8Array): PointCloud {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16 || view.getUint32(0, true) !== CLOUD_MAGIC) throw new TypeError('This is not a Lumen cloud (bad magic).');
  const n = view.getUint32(8, true);
  const metaLength = view.getUint32(12, true);
  const start = 16 + Math.ceil(metaLength / 4) * 4;
  if (bytes.length !== start + 13 * n) throw new TypeError(`A cloud of ${n} points needs ${start + 13 * n} bytes, not ${bytes.length}.`);
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + metaLength)));
  // Copies: the result owns aligned buffers of its own.
  const positions = new Float32Array(bytes.slice(start, start + 12 * n).buffer);
  const partIds = bytes.slice(start + 12 * n);
  return { positions, partIds, partNames: meta.partNames, emptyParts: meta.emptyParts ?? [], failedParts: meta.failedParts ?? [] };
}

export function encodeRgbaBinary(img: RgbaImage): Uint8Array {
  const out = new Uint8Array(12 + img.data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IMAGE_MAGIC, true);
  view.setUint32(4, img.width, true);
  view.setUint32(8, img.height, true);
  out.set(bytesOf(img.data), 12);
  return out;
}

export function decodeRgbaBinary(bytes: Uint8Array): RgbaImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || view.getUint32(0, true) !== IMAGE_MAGIC) throw new TypeError('This is not a Lumen picture (bad magic).');
  const width = view.getUint32(4, true);
  const height = view.getUint32(8, true);
  if (bytes.length !== 12 + width * height * 4)
    throw new TypeError(`A ${width}×${height} picture needs ${12 + width * height * 4} bytes, not ${bytes.length}.`);
  return { width, height, data: new Uint8ClampedArray(bytes.slice(12).buffer) };
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Stage name → milliseconds, as the stages reported them. */
export type StageTimings = Partial<Record<ProgressEvent['stage'], number>>;

/** GET /api/jobs/:id */
export interface JobInfo {
  id: string;
  state: JobState;
  /** Jobs ahead of this one while queued (0: next). */
  position?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Runs started (2 after a worker was lost and the job retried). */
  attempts: number;
  timings: StageTimings;
  error?: ErrorDescription;
}

/** The job's events, by SSE event name; every one carries an `id:` a client may resume after. */
export interface JobEvents {
  queued: { ahead: number };
  /** `worker`: which process runs it, in a scaled server. */
  started: { attempt: number; worker?: string };
  /** A worker stopped mid-job (crash, kill); the job runs again from the start. */
  retry: { message: string };
  progress: ProgressEvent;
  /** A picture exists; its bytes are at /api/jobs/:id/images/:kind(.png|.rgba). */
  image: { kind: 'image' | 'cutout'; width: number; height: number };
  /** Final: the cloud is at /api/jobs/:id/cloud(.bin|.ply). */
  result: { points: number; parts: number; partNames: string[]; timings: StageTimings };
  /** Final: failed, or cancelled (name AbortError). */
  error: ErrorDescription;
}

export type JobEventName = keyof JobEvents;
export const FINAL_EVENTS: readonly JobEventName[] = ['result', 'error'];
