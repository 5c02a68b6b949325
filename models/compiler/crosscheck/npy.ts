// NumPy .npy files (format 1.0), so the Python side of the cross-check reads the kit with np.load and
// nothing else. Only the little-endian dtypes the kit uses, C order.
import { readFileSync, writeFileSync } from 'node:fs';

export type NpyDtype = 'float32' | 'float64' | 'int64';

const DESCR: Record<NpyDtype, string> = { float32: '<f4', float64: '<f8', int64: '<i8' };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array | Float64Array | BigInt64Array;
}

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function encodeNpy(a: NpyArray): Uint8Array {
  if (a.data.length !== elementCount(a.shape)) throw new Error(`npy: ${a.data.length} values for shape [${a.shape}]`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64 bytes.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + a.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), 10 + header.length);
  return out;
}

export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (!MAGIC.every((b, i) => bytes[i] === b) || bytes[6] !== 1) throw new Error('npy: not a version 1 .npy file');
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + n));
  const descr = /'descr': '([^']+)'/.exec(header)?.[1];
  const dtype = (Object.keys(DESCR) as NpyDtype[]).find((k) => DESCR[k] === descr);
  if (!dtype || !/'fortran_order': False/.test(header)) throw new Error(`npy: unsupported header ${header.trim()}`);
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const body = bytes.slice(10 + n).buffer;
  const data = dtype === 'float32' ? new Float32Array(body) : dtype === 'float64' ? new Float64Array(body) : new BigInt64Array(body);
  if (data.length !== elementCount(shape)) throw new Error(`npy: ${data.length} values for shape [${shape}]`);
  return { dtype, shape, data };
}

export const writeNpy = (path: string, a: NpyArray) => writeFileSync(path, encodeNpy(a));
export const readNpy = (path: string) => decodeNpy(new Uint8Array(readFileSync(path)));
