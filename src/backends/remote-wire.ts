// What crosses the wire between the remote backend and the server: JSON, with typed arrays as base64
// (SSE is text). Used by both sides, so the encoding is defined once.
import type { RgbaImage } from '../pipeline/image';
import type { PointCloud } from '../pipeline/point-cloud';
import type { ProgressEvent } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';
import type { ErrorDescription } from '../runtime/errors';
import { fromBase64, toBase64 } from '../leaf/base64';


const bytesOf = (v: ArrayBufferView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

export interface WireImage {
  width: number;
  height: number;
  rgba: string;
}

export const encodeImage = (img: RgbaImage): WireImage => ({ width: img.width, height: img.height, rgba: toBase64(bytesOf(img.data)) });

export function decodeImage(w: WireImage): RgbaImage {
  const data = new Uint8ClampedArray(fromBase64(w.rgba).buffer);
  if (!Number.isInteger(w.width) || !Number.isInteger(w.height) || data.length !== w.width * w.height * 4) {
    throw new TypeError(`An image of ${w.width}×${w.height} needs ${w.width * w.height * 4} RGBA bytes, not ${data.length}.`);
  }
  return { width: w.width, height: w.height, data };
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
