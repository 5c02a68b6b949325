// A finished run as the history keeps it: a small record (what the strip lists: prompt, settings, seeds,
// counts, a thumbnail) and a payload of Blobs (pictures, latents, the cloud, the part meshes). Blobs keep
// the big arrays out of the record, so listing is instant and reading them back is asynchronous
// (Blob.arrayBuffer), never a long task on the main thread.
import type { StageOutputs } from '../backends/run-plan';
import type { Mesh } from '../pipeline/geometry/mesh';
import type { RgbaImage } from '../pipeline/image';
import type { PartLatents } from '../pipeline/parts/run';
import type { PointCloud } from '../pipeline/point-cloud';
import type { GenerateRequest } from '../pipeline/request';

export interface HistoryRecord {
  id: string;
  createdAt: number;
  /** The request without its picture (an uploaded image is in the payload as `image`). */
  request: Omit<GenerateRequest, 'image'>;
  uploaded: boolean;
  partNames: string[];
  points: number;
  parts: number;
  /** Bytes of the payload and thumbnail together. */
  bytes: number;
  thumbnail: Blob;
}

interface StoredImage {
  width: number;
  height: number;
  data: Blob;
}

export interface HistoryPayload {
  id: string;
  image: StoredImage;
  cutout: StoredImage;
  latents: { numParts: number; tokens: number; channels: number; data: Blob };
  cloud: {
    positions: Blob;
    partIds: Blob;
    partNames: string[];
    emptyParts: number[];
    failedParts: PointCloud['failedParts'];
    meshes?: { positions: Blob; indices: Blob }[];
  };
}

/** Everything a reopened run needs: its stage outputs (for re-rolls) and its cloud. */
export interface HistoryRun {
  record: HistoryRecord;
  outputs: StageOutputs;
  cloud: PointCloud;
}

const blob = (a: ArrayBufferView) => new Blob([a as unknown as BlobPart]);
const storeImage = (i: RgbaImage): StoredImage => ({ width: i.width, height: i.height, data: blob(i.data) });

export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
}

export function encodeRun(
  id: string,
  outputs: StageOutputs,
  cloud: PointCloud,
  partNames: string[],
  thumbnail: Blob,
  now = Date.now(),
): { record: HistoryRecord; payload: HistoryPayload } {
  const { image: uploadedImage, ...request } = outputs.request;
  const l = outputs.latents;
  const payload: HistoryPayload = {
    id,
    image: storeImage(outputs.image),
    cutout: storeImage(outputs.cutout),
    latents: { numParts: l.numParts, tokens: l.tokens, channels: l.channels, data: blob(l.data) },
    cloud: {
      positions: blob(cloud.positions),
      partIds: blob(cloud.partIds),
      partNames: cloud.partNames,
      emptyParts: cloud.emptyParts,
      failedParts: cloud.failedParts,
      meshes: cloud.meshes?.map((m) => ({ positions: blob(m.positions), indices: blob(m.indices) })),
    },
  };
  const c = payload.cloud;
  const bytes =
    thumbnail.size +
    payload.image.data.size +
    payload.cutout.data.size +
    payload.latents.data.size +
    c.positions.size +
    c.partIds.size +
    (c.meshes ?? []).reduce((n, m) => n + m.positions.size + m.indices.size, 0);
  const record: HistoryRecord = {
    id,
    createdAt: now,
    request,
    uploaded: Boolean(uploadedImage),
    partNames: [...partNames],
    points: cloud.partIds.length,
    parts: cloud.partNames.length,
    bytes,
    thumbnail,
  };
  return { record, payload };
}

async function readImage(s: StoredImage): Promise<RgbaImage> {
  return { width: s.width, height: s.height, data: new Uint8ClampedArray(await s.data.arrayBuffer()) };
}

export async function decodeRun(record: HistoryRecord, payload: HistoryPayload): Promise<HistoryRun> {
  const c = payload.cloud;
  const [image, cutout, latentData, positions, partIds, meshes] = await Promise.all([
    readImage(payload.image),
    readImage(payload.cutout),
    payload.latents.data.arrayBuffer(),
    c.positions.arrayBuffer(),
    c.partIds.arrayBuffer(),
    Promise.all(
      (c.meshes ?? []).map(
        async (m): Promise<Mesh> => ({
          positions: new Float32Array(await m.positions.arrayBuffer()),
          indices: new Uint32Array(await m.indices.arrayBuffer()),
        }),
      ),
    ),
  ]);
  const latents: PartLatents = { ...payload.latents, data: new Float32Array(latentData) };
  const request: GenerateRequest = { ...record.request, image: record.uploaded ? image : undefined };
  const cloud: PointCloud = {
    positions: new Float32Array(positions),
    partIds: new Uint8Array(partIds),
    partNames: c.partNames,
    emptyParts: c.emptyParts,
    failedParts: c.failedParts,
    meshes: c.meshes ? meshes : undefined,
  };
  return { record, outputs: { request, image, cutout, latents }, cloud };
}
