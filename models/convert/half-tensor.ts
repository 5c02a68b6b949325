// TensorProto rewrite: a float16 tensor becomes the same tensor in float32. ONNX stores halves either as
// little-endian raw_data or one per int32_data entry; the float32 copy is always written as raw_data.
import { halfToFloat } from '../../src/leaf/float16';
import { bytesField, fields, rewriteFields, varintField, WIRE, type Pieces, utf8 } from './wire';

export const FLOAT = 1;
export const FLOAT16 = 10;

// TensorProto field numbers (onnx.proto).
export const T = { dataType: 2, int32Data: 5, name: 8, rawData: 9, externalData: 13, dataLocation: 14 } as const;
export const EXTERNAL = 1;

export class ExternalHalfDataError extends Error {
  override name = 'ExternalHalfDataError';
  constructor(readonly tensor: string) {
    super(
      `float16 tensor "${tensor}" keeps its data in an external file; deriveFloat32 reads single-file ` +
        'models only (load the weights into the .onnx first, or convert with external data support)',
    );
  }
}

// Every half maps to exactly one float, so a 64K table replaces per-element bit twiddling on big weights.
let table: Float32Array | null = null;
export function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfToFloat(h);
  }
  return table;
}

function halvesFromRaw(raw: Uint8Array): Uint16Array {
  if (raw.length % 2) throw new Error(`float16 raw_data has an odd byte length ${raw.length}`);
  // raw_data may sit at any offset in the file: copy when it is not 2-byte aligned. (new Uint8Array,
  // not .slice(): on a Node Buffer .slice() is a view at the same offset.)
  const aligned = raw.byteOffset % 2 ? new Uint8Array(raw) : raw;
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
}

export function halvesFromInt32Data(entries: number[], packed: Uint8Array[]): Uint16Array {
  const values = [...entries];
  for (const body of packed) {
    // A packed int32_data is a run of varints, one half (in the low 16 bits) each.
    let pos = 0;
    while (pos < body.length) {
      let v = 0;
      let scale = 1;
      let b: number;
      do {
        b = body[pos++];
        v += (b & 0x7f) * scale;
        scale *= 128;
      } while (b & 0x80);
      values.push(v);
    }
  }
  return Uint16Array.from(values, (v) => v & 0xffff);
}

export function toFloat32Bytes(halves: Uint16Array): Uint8Array {
  const lut = halfTable();
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = lut[halves[i]];
  return new Uint8Array(out.buffer);
}

/** The float32 version of a float16 TensorProto, or null when the tensor is not float16. */
export function rewriteHalfTensor(msg: Uint8Array): Pieces | null {
  let isHalf = false;
  let external = false;
  let name = '';
  let raw: Uint8Array | null = null;
  const unpacked: number[] = [];
  const packed: Uint8Array[] = [];
  for (const f of fields(msg)) {
    if (f.number === T.dataType && f.wire === WIRE.varint) isHalf = f.varint === FLOAT16;
    else if (f.number === T.name && f.wire === WIRE.bytes) name = utf8(f.body);
    else if (f.number === T.rawData && f.wire === WIRE.bytes) raw = f.body;
    else if (f.number === T.int32Data && f.wire === WIRE.varint) unpacked.push(f.varint);
    else if (f.number === T.int32Data && f.wire === WIRE.bytes) packed.push(f.body);
    else if (f.number === T.dataLocation && f.wire === WIRE.varint) external = f.varint === EXTERNAL;
  }
  if (!isHalf) return null;
  if (external) throw new ExternalHalfDataError(name);
  const halves = raw ? halvesFromRaw(raw) : halvesFromInt32Data(unpacked, packed);
  const data = bytesField(T.rawData, [toFloat32Bytes(halves)]);
  let dataWritten = false;
  const out = rewriteFields(msg, (f) => {
    if (f.number === T.dataType) return varintField(T.dataType, FLOAT);
    if (f.number === T.rawData || f.number === T.int32Data) {
      // The float32 data takes the place of the first data field; later int32_data entries go away.
      if (dataWritten) return [];
      dataWritten = true;
      return data;
    }
    return null;
  });
  // data_type is always present here, so the rewrite always changed something.
  return out;
}
