// One initializer (TensorProto) of a streamed model: its headers are read, its raw_data stays a range of
// the source. It can then be re-planned as float32 (a float16 tensor), with its data moved to an
// external data file (a derived graph over 2 GB), or with its data left where it is in the source file
// and referenced as external data (a "skeleton" for loading a single-file graph without copying it).
import { EXTERNAL, ExternalHalfDataError, FLOAT, FLOAT16, halvesFromInt32Data, T, toFloat32Bytes } from './half-tensor';
import type { SourceReader } from './byte-source';
import { bytesFieldPlan, pieceLength, push, streamFields, type Piece, type SourceRange, type StreamField } from './stream-plan';
import { bytesField, fields, utf8, varintField, WIRE } from './wire';

// TensorProto.DataType INT32, INT64; and ONNX's own tooling keeps tensors under 1 KiB inline.
const INLINE_TYPES = new Set([6, 7]);
const MIN_EXTERNAL = 1024;

export interface TensorScan {
  start: number;
  end: number;
  name: string;
  dataType: number;
  /** data_location is EXTERNAL: the data is in another file already, named by `location`. */
  external: boolean;
  location?: string;
  /** Where in that file, when the model says (ONNX external_data `offset` and `length`). */
  extOffset?: number;
  extLength?: number;
  raw?: SourceRange;
  fields: StreamField[];
  /** float16 values held in int32_data (one per entry): read, since they need converting anyway. */
  int32: number[];
  packed: Uint8Array[];
}

export async function scanTensor(r: SourceReader, start: number, end: number): Promise<TensorScan> {
  const scan: TensorScan = { start, end, name: '', dataType: 0, external: false, fields: [], int32: [], packed: [] };
  for await (const f of streamFields(r, start, end)) {
    scan.fields.push(f);
    if (f.number === T.dataType && f.wire === WIRE.varint) scan.dataType = f.varint;
    else if (f.number === T.name && f.wire === WIRE.bytes) scan.name = utf8(await r.bytes(f.bodyStart, f.bodyEnd - f.bodyStart));
    else if (f.number === T.rawData && f.wire === WIRE.bytes) scan.raw = { at: f.bodyStart, length: f.bodyEnd - f.bodyStart };
    else if (f.number === T.dataLocation && f.wire === WIRE.varint) scan.external = f.varint === EXTERNAL;
  }
  if (scan.external) {
    for (const f of scan.fields) {
      if (f.number !== T.externalData || f.wire !== WIRE.bytes) continue;
      const entry = new Map<number, string>();
      for (const e of fields(await r.bytes(f.bodyStart, f.bodyEnd - f.bodyStart)))
        if (e.wire === WIRE.bytes) entry.set(e.number, utf8(e.body));
      const [key, value] = [entry.get(1), entry.get(2)];
      if (key === 'location') scan.location = value;
      else if (key === 'offset') scan.extOffset = Number(value);
      else if (key === 'length') scan.extLength = Number(value);
    }
  }
  if (scan.dataType === FLOAT16 && !scan.raw) {
    for (const f of scan.fields) {
      if (f.number !== T.int32Data) continue;
      if (f.wire === WIRE.varint) scan.int32.push(f.varint);
      else if (f.wire === WIRE.bytes) scan.packed.push((await r.bytes(f.bodyStart, f.bodyEnd - f.bodyStart)).slice());
    }
  }
  return scan;
}

/** Where a tensor's data goes when it leaves the protobuf: `place` returns its offset in that file. */
export interface ExternalTarget {
  location: string;
  /** Data at least this long moves out; smaller tensors stay inline. */
  threshold: number;
  place(data: Piece[], length: number): number;
}

export interface TensorPlanOptions {
  /** float16 → float32 (the derivation). */
  toFloat32: boolean;
  external?: ExternalTarget;
  /**
   * The external data files the model refers to can be read (StreamDeriveOptions.externalFiles): tensors
   * already external are copied (and converted) from them into the output's own data file.
   */
  readExternal?: boolean;
}

export interface TensorPlan {
  /** The replacement TensorProto body, or null when it stays byte for byte. */
  body: Piece[] | null;
  converted: boolean;
  /** Bytes of this tensor's data in the output (wherever it lands). */
  dataBytes: number;
  movedOut: boolean;
}

function entry(key: string, value: string): Uint8Array[] {
  const enc = new TextEncoder();
  return bytesField(T.externalData, [...bytesField(1, [enc.encode(key)]), ...bytesField(2, [enc.encode(value)])]);
}

/** The external_data entries and data_location field that point a tensor at `offset` of `location`. */
export function externalRefs(location: string, offset: number, length: number): Uint8Array[] {
  return [
    ...entry('location', location),
    ...entry('offset', String(offset)),
    ...entry('length', String(length)),
    ...varintField(T.dataLocation, EXTERNAL),
  ];
}

export function planTensor(scan: TensorScan, options: TensorPlanOptions): TensorPlan {
  const half = scan.dataType === FLOAT16 && options.toFloat32;
  const copyExternal = scan.external && !!options.readExternal && !!options.external;
  if (half && scan.external && !copyExternal) throw new ExternalHalfDataError(scan.name);
  if (copyExternal && (scan.location === undefined || scan.extLength === undefined)) {
    throw new Error(`tensor "${scan.name}" is external data without a location and length; cannot copy it`);
  }
  // The tensor's data as it will be written: a source range (converted on the way) or converted halves.
  let data: Piece | null = null;
  if (copyExternal) data = { file: scan.location, at: scan.extOffset ?? 0, length: scan.extLength!, halfToFloat: half || undefined };
  else if (scan.raw) data = half ? { ...scan.raw, halfToFloat: true } : scan.raw;
  else if (half && !scan.external) data = toFloat32Bytes(halvesFromInt32Data(scan.int32, scan.packed));
  const dataBytes = data ? pieceLength(data) : 0;
  const ext = options.external;
  // Integer tensors stay inline whatever their size: they are shapes and axes, and ONNX shape inference
  // reads them from the model before any external data is loaded. Tensors external already stay so.
  const moveOut =
    copyExternal ||
    (!!ext && !!data && !scan.external && !INLINE_TYPES.has(scan.dataType) && dataBytes >= Math.max(MIN_EXTERNAL, ext.threshold));
  if (!half && !moveOut) return { body: null, converted: false, dataBytes, movedOut: false };

  const out: Piece[] = [];
  let dataDone = false;
  let cursor = scan.start;
  const keep = (f: StreamField) => push(out, { at: f.start, length: f.end - f.start });
  for (const f of scan.fields) {
    if (f.start > cursor) push(out, { at: cursor, length: f.start - cursor });
    cursor = f.end;
    if (f.number === T.dataType && half) {
      for (const p of varintField(T.dataType, FLOAT)) push(out, p);
    } else if (f.number === T.rawData || (half && f.number === T.int32Data)) {
      // The data takes the place of the first data field; later int32_data entries go away.
      if (dataDone) continue;
      dataDone = true;
      if (!moveOut) for (const p of bytesFieldPlan(T.rawData, [data!])) push(out, p);
    } else if ((f.number === T.dataLocation || (f.number === T.externalData && copyExternal)) && moveOut) {
    } else {
      keep(f);
    }
  }
  if (cursor < scan.end) push(out, { at: cursor, length: scan.end - cursor });
  if (moveOut) {
    const offset = ext!.place([data!], dataBytes);
    for (const p of externalRefs(ext!.location, offset, dataBytes)) push(out, p);
  }
  return { body: out, converted: half, dataBytes, movedOut: moveOut };
}
