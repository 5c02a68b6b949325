// Streaming safetensors reader: the header is read once, then each tensor is read from its own byte
// range on demand, so compiling a 5.8 GB checkpoint needs memory for one tensor at a time. Runs in Node
// and in a browser worker (no Node APIs here; the ByteSource decides where bytes come from).
import { halfToFloat } from '../../src/leaf/float16';
import {
  headerLength,
  MAX_HEADER_BYTES,
  parseHeader,
  SafetensorsFormatError,
  type SafetensorsDType,
  type SafetensorsHeader,
  type TensorInfo,
} from './safetensors-header';
import type { ByteSource } from './safetensors-source';

export { SafetensorsFormatError, type SafetensorsDType, type SafetensorsHeader, type TensorInfo };
export * from './safetensors-source';

/** The dtypes this reader can return; F16 and BF16 come back as float32. */
export type ReadableDType = 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'U8';

export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

export interface LoadedTensor {
  /** The dtype stored in the file (F16/BF16 data is nevertheless a Float32Array). */
  dtype: ReadableDType;
  shape: number[];
  data: TensorData;
}

export interface SafetensorsFile {
  header: SafetensorsHeader;
  /** Tensor names in file order. */
  names(): string[];
  info(name: string): TensorInfo;
  /** Reads exactly this tensor's byte range. */
  tensor(name: string, signal?: AbortSignal): Promise<LoadedTensor>;
  /** A float tensor (F32, F16 or BF16) as float32. */
  float32(name: string, signal?: AbortSignal): Promise<Float32Array>;
}

export interface OpenOptions {
  signal?: AbortSignal;
  maxHeaderBytes?: number;
}

export async function openSafetensors(source: ByteSource, options: OpenOptions = {}): Promise<SafetensorsFile> {
  const { signal, maxHeaderBytes = MAX_HEADER_BYTES } = options;
  const fileSize = await source.size();
  const n = headerLength(fileSize >= 8 ? await source.read(0, 8, signal) : new Uint8Array(0), fileSize, maxHeaderBytes);
  const header = parseHeader(await source.read(8, n, signal), fileSize);

  const info = (name: string): TensorInfo => {
    const t = header.tensors.get(name);
    if (!t) throw new SafetensorsFormatError(`no tensor "${name}" in this file`, name);
    return t;
  };
  const tensor = async (name: string, s?: AbortSignal): Promise<LoadedTensor> => {
    const t = info(name);
    const bytes = await source.read(t.byteOffset, t.byteLength, s);
    return { dtype: readable(t), shape: [...t.shape], data: decode(t, bytes) };
  };
  return {
    header,
    names: () => [...header.tensors.keys()],
    info,
    tensor,
    float32: async (name, s) => {
      const t = info(name);
      if (t.dtype !== 'F32' && t.dtype !== 'F16' && t.dtype !== 'BF16') {
        throw new SafetensorsFormatError(`tensor "${name}" is ${t.dtype}, not a float tensor`, name);
      }
      return (await tensor(name, s)).data as Float32Array;
    },
  };
}

function readable(t: TensorInfo): ReadableDType {
  switch (t.dtype) {
    case 'F32':
    case 'F16':
    case 'BF16':
    case 'I64':
    case 'I32':
    case 'U8':
      return t.dtype;
    default:
      throw new SafetensorsFormatError(
        `tensor "${t.name}" has dtype ${t.dtype}; this reader supports F32, F16, BF16, I64, I32, U8`,
        t.name,
      );
  }
}

/** A copy of the bytes with its own buffer: typed views need alignment and must not pin a larger buffer. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

// Every half maps to one float, so a 64K table beats per-element bit work on big weights.
let halfTable: Float32Array | undefined;
function halves(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

// The format is little-endian; so is every platform that runs ORT web or node, so typed-array views
// read it directly.
function decode(t: TensorInfo, bytes: Uint8Array): TensorData {
  const dtype = readable(t);
  if (dtype === 'U8') return new Uint8Array(ownBuffer(bytes));
  const buffer = ownBuffer(bytes);
  switch (dtype) {
    case 'F32':
      return new Float32Array(buffer);
    case 'I32':
      return new Int32Array(buffer);
    case 'I64':
      return new BigInt64Array(buffer);
    case 'F16': {
      const src = new Uint16Array(buffer);
      const table = halves();
      const out = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = table[src[i]];
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift into place, reinterpret.
      const src = new Uint16Array(buffer);
      const out = new Uint32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = src[i] << 16;
      return new Float32Array(out.buffer);
    }
  }
}

export interface ShapeMismatch {
  name: string;
  expected: readonly number[];
  actual: readonly number[];
}

export interface DtypeMismatch {
  name: string;
  dtype: SafetensorsDType;
  allowed: readonly SafetensorsDType[];
}

export class TensorListError extends Error {
  override name = 'TensorListError';
  constructor(
    readonly missing: string[],
    readonly wrongShape: ShapeMismatch[],
    label: string,
    readonly wrongDtype: DtypeMismatch[] = [],
  ) {
    const lines = [
      ...missing.map((n) => `  missing: ${n}`),
      ...wrongShape.map((w) => `  wrong shape: ${w.name} is [${w.actual}] but must be [${w.expected}]`),
      ...wrongDtype.map((w) => `  wrong dtype: ${w.name} is ${w.dtype} but must be ${w.allowed.join(' or ')}`),
    ];
    const dtypes = wrongDtype.length ? `, ${wrongDtype.length} with the wrong dtype` : '';
    super(`${label}: ${missing.length} missing, ${wrongShape.length} with the wrong shape${dtypes}\n${lines.join('\n')}`);
  }
}

/** The float dtypes the reader turns into float32. */
export const FLOAT_DTYPES: readonly SafetensorsDType[] = ['F32', 'F16', 'BF16'];

/**
 * Checks that every expected tensor is present with exactly the expected shape (and, with `dtypes`, one
 * of those dtypes); extra tensors are allowed (a VAE file also holds the encoder). Throws one error
 * listing every problem, so a wrong checkpoint is diagnosed in one run instead of one key at a time.
 */
export function expectTensors(
  file: { header: Pick<SafetensorsHeader, 'tensors'> },
  expected: Record<string, readonly number[]>,
  label = 'safetensors file',
  options: { dtypes?: readonly SafetensorsDType[] } = {},
): void {
  const missing: string[] = [];
  const wrongShape: ShapeMismatch[] = [];
  const wrongDtype: DtypeMismatch[] = [];
  for (const [name, shape] of Object.entries(expected)) {
    const t = file.header.tensors.get(name);
    if (!t) missing.push(name);
    else {
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        wrongShape.push({ name, expected: shape, actual: t.shape });
      }
      if (options.dtypes && !options.dtypes.includes(t.dtype)) wrongDtype.push({ name, dtype: t.dtype, allowed: options.dtypes });
    }
  }
  if (missing.length || wrongShape.length || wrongDtype.length) throw new TensorListError(missing, wrongShape, label, wrongDtype);
}
