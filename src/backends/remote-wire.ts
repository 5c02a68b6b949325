// What crosses the wire between the remote backend and the server: JSON, with typed arrays as base64
// (SSE is text). Used by both sides, so the encoding is defined once.
import type { RgbaImage } from '../pipeline/image';
import type { PointCloud } from '../pipeline/point-cloud';
import type { ProgressEvent } from '../pipeline/progress';
import type { GenerateRequest } from '../pipeline/request';
import { imageSizeIssue, RequestBoundsError } from '../pipeline/bounds';
import type { ErrorDescription } from '../runtime/errors';
import { fromBase64, toBase64 } from '../store/base64';


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
    throw new RequestBoundsError([{ field: 'image', message: `An image of ${w.width}×${w.height} needs ${bytes} RGBA bytes (${4 * Math.ceil(bytes / 3)} base64 characters); got ${typeof w.rgba === 'string' ? w.rgba.length : typeof w.rgba}.` }]);
  }
  return { width: w.width, height: w.height, data: new Uint8ClampedArray(fromBase64(w.rgba).buffer) };
}

export interface WireCloud {
  positions: string;
  partIds: string;
  partNames: string[];
  emptyParts: number[];
  failedParts: PointCloud['failedParts'];
}

export const encodeCloud = (c: PointCloud): WireCloud => ({
  positions: toBase64(bytesOf(c.positions)),
  partIds: toBase64(c.partIds),
  partNames: c.partNames,
  emptyParts: c.emptyParts,
  failedParts: c.failedParts,
});

export function decodeCloud(w: WireCloud): PointCloud {
  const pos = fromBase64(w.positions);
  const positions = new Float32Array(pos.buffer, 0, pos.length / 4);
  const partIds = fromBase64(w.partIds);
  if (positions.length !== 3 * partIds.length) throw new TypeError(`The cloud has ${positions.length / 3} positions but ${partIds.length} part ids.`);
  return { positions, partIds, partNames: w.partNames, emptyParts: w.emptyParts, failedParts: w.failedParts ?? [] };
}

/** The request body of POST /api/generate: the request with its image, if any, encoded. */
export type WireRequest = Omit<GenerateRequest, 'image'> & { image?: WireImage };

export const encodeRequest = (r: GenerateRequest): WireRequest => ({ ...r, image: r.image && encodeImage(r.image) });

/** Server-sent events, by SSE event name. */
export interface WireEvents {
  queued: { ahead: number };
  progress: ProgressEvent;
  image: { kind: 'image' | 'cutout'; image: WireImage };
  result: { cloud: WireCloud };
  error: ErrorDescription;
}
