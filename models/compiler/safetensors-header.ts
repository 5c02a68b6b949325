// Parsing and validation of a safetensors header: u64 little-endian length N, then N bytes of JSON
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {string: string}}, then the data
// buffer. Every check names the tensor it fails on, because a checkpoint that is wrong in one of a few
// thousand entries is otherwise impossible to diagnose.

/** Bytes per element for every dtype the format defines; reading supports a subset (see safetensors.ts). */
export const DTYPE_BYTES = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  U64: 8,
  I32: 4,
  U32: 4,
  I16: 2,
  U16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
} as const;

export type SafetensorsDType = keyof typeof DTYPE_BYTES;

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** [begin, end) relative to the data buffer, as stored. */
  dataOffsets: [number, number];
  /** Absolute position in the file (8 + N + begin). */
  byteOffset: number;
  byteLength: number;
}

export interface SafetensorsHeader {
  /** Length of the JSON header (N). */
  headerLength: number;
  /** Position of the data buffer in the file (8 + N). */
  dataStart: number;
  metadata: Record<string, string>;
  /** By name, in file (offset) order. */
  tensors: Map<string, TensorInfo>;
}

export class SafetensorsFormatError extends Error {
  override name = 'SafetensorsFormatError';
  constructor(
    message: string,
    /** The tensor the problem is in, when there is one. */
    readonly tensor?: string,
  ) {
    super(message);
  }
}

/** The reference implementation refuses headers above 100 MB; a larger one means a corrupt length. */
export const MAX_HEADER_BYTES = 100_000_000;

/** N from the first 8 bytes, checked against the file size before anything else is read. */
export function headerLength(prefix: Uint8Array, fileSize: number, maxHeaderBytes = MAX_HEADER_BYTES): number {
  if (fileSize < 8 || prefix.length < 8) {
    throw new SafetensorsFormatError(`file is ${fileSize} bytes: too short for the 8-byte header length`);
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n < 2n || n > BigInt(fileSize - 8) || n > BigInt(maxHeaderBytes)) {
    throw new SafetensorsFormatError(
      `header length ${n} is impossible for a ${fileSize}-byte file (must be 2…${Math.min(fileSize - 8, maxHeaderBytes)})`,
    );
  }
  return Number(n);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function parseEntry(name: string, raw: unknown, dataStart: number): TensorInfo {
  const fail = (what: string) => new SafetensorsFormatError(`tensor "${name}": ${what}`, name);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail('entry is not an object');
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
    throw fail(`unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw fail(`shape ${JSON.stringify(shape)} is not a list of sizes`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw fail(`data_offsets ${JSON.stringify(offsets)} is not [begin, end] with begin ≤ end`);
  }
  const type = dtype as SafetensorsDType;
  const numel = shape.reduce((a: number, b: number) => a * b, 1);
  const expected = numel * DTYPE_BYTES[type];
  const [begin, end] = offsets as [number, number];
  if (end - begin !== expected) {
    throw fail(`data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${type} ${JSON.stringify(shape)} needs ${expected}`);
  }
  return {
    name,
    dtype: type,
    shape: shape as number[],
    dataOffsets: [begin, end],
    byteOffset: dataStart + begin,
    byteLength: expected,
  };
}

/**
 * Parses the JSON bytes and checks the layout: each tensor's size is numel × dtype size, and the
 * tensors tile the data buffer exactly (sorted by offset: start at 0, each begins where the previous
 * ends, the last ends at the end of the file). That rules out overlaps, holes and out-of-file offsets.
 */
export function parseHeader(json: Uint8Array, fileSize: number): SafetensorsHeader {
  const headerLength = json.length;
  const dataStart = 8 + headerLength;
  let root: unknown;
  try {
    root = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw new SafetensorsFormatError(`header (${headerLength} bytes) is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new SafetensorsFormatError('header JSON is not an object');
  }

  let metadata: Record<string, string> = {};
  const entries: TensorInfo[] = [];
  for (const [name, raw] of Object.entries(root)) {
    if (name === '__metadata__') {
      const ok = typeof raw === 'object' && raw !== null && Object.values(raw).every((v) => typeof v === 'string');
      if (!ok) throw new SafetensorsFormatError('__metadata__ must map strings to strings');
      metadata = raw as Record<string, string>;
      continue;
    }
    entries.push(parseEntry(name, raw, dataStart));
  }

  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  const dataLength = fileSize - dataStart;
  let cursor = 0;
  let previous: TensorInfo | undefined;
  for (const t of entries) {
    const [begin, end] = t.dataOffsets;
    if (begin < cursor) {
      throw new SafetensorsFormatError(
        `tensor "${t.name}": data_offsets [${begin}, ${end}] overlap tensor "${previous!.name}" ` +
          `[${previous!.dataOffsets[0]}, ${previous!.dataOffsets[1]}]`,
        t.name,
      );
    }
    if (begin > cursor) {
      throw new SafetensorsFormatError(
        `tensor "${t.name}": data_offsets [${begin}, ${end}] leave a gap after byte ${cursor} of the data buffer`,
        t.name,
      );
    }
    if (end > dataLength) {
      throw new SafetensorsFormatError(
        `tensor "${t.name}": data_offsets [${begin}, ${end}] run past the data buffer (${dataLength} bytes)`,
        t.name,
      );
    }
    cursor = end;
    previous = t;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsFormatError(
      `tensors cover ${cursor} bytes of a ${dataLength}-byte data buffer` + (previous ? ` (last tensor "${previous.name}")` : ''),
      previous?.name,
    );
  }
  return { headerLength, dataStart, metadata, tensors: new Map(entries.map((t) => [t.name, t])) };
}
