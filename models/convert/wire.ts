// Protobuf wire-format reading and splicing. The float32 derivation edits an ONNX file at the wire level
// instead of decoding it into objects and encoding it again: fields it does not touch are copied as the
// original bytes (so they stay byte-identical, unknown and newer-schema fields included), and a
// multi-gigabyte model is never held twice as JS objects.

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** One field of a message: where it lies in the message bytes, and its value. */
export interface Field {
  number: number;
  wire: number;
  /** Offset of the field's tag; `end` is one past its last byte. */
  start: number;
  end: number;
  /** The value of a varint field (exact up to 2^53; only small ones are ever used). */
  varint: number;
  /** The payload of a length-delimited field. */
  body: Uint8Array;
}

const EMPTY: Uint8Array = new Uint8Array(0);

function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new Error('protobuf: truncated varint');
    const b = buf[pos++];
    value += (b & 0x7f) * scale;
    if (!(b & 0x80)) return [value, pos];
    scale *= 128;
  }
  throw new Error('protobuf: varint longer than 10 bytes');
}

/** The fields of one message, in file order. Throws on malformed or truncated bytes. */
export function* fields(msg: Uint8Array): Generator<Field> {
  let pos = 0;
  while (pos < msg.length) {
    const start = pos;
    const [tag, afterTag] = readVarint(msg, pos);
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    let varint = 0;
    let body = EMPTY;
    switch (wire) {
      case WIRE.varint:
        [varint, pos] = readVarint(msg, afterTag);
        break;
      case WIRE.fixed64:
        pos = afterTag + 8;
        break;
      case WIRE.fixed32:
        pos = afterTag + 4;
        break;
      case WIRE.bytes: {
        const [len, bodyStart] = readVarint(msg, afterTag);
        pos = bodyStart + len;
        if (pos > msg.length) throw new Error('protobuf: length-delimited field runs past its message');
        body = msg.subarray(bodyStart, pos);
        break;
      }
      default:
        throw new Error(`protobuf: unsupported wire type ${wire} (field ${number})`);
    }
    if (pos > msg.length) throw new Error('protobuf: truncated field');
    yield { number, wire, start, end: pos, varint, body };
  }
}

export function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** A message's bytes as a list of pieces: unchanged spans stay views into the source file. */
export type Pieces = Uint8Array[];

export function piecesLength(pieces: Pieces): number {
  let n = 0;
  for (const p of pieces) n += p.length;
  return n;
}

export function varintField(number: number, value: number): Pieces {
  return [encodeVarint(number * 8 + WIRE.varint), encodeVarint(value)];
}

export function bytesField(number: number, body: Pieces): Pieces {
  return [encodeVarint(number * 8 + WIRE.bytes), encodeVarint(piecesLength(body)), ...body];
}

/**
 * Rewrites a message field by field. `edit` returns a field's replacement (its tag included; [] drops it)
 * or null to keep its original bytes. Returns null when no field changed, so callers copy the original.
 */
export function rewriteFields(msg: Uint8Array, edit: (f: Field) => Pieces | null): Pieces | null {
  let out: Pieces | null = null;
  let copyFrom = 0;
  for (const f of fields(msg)) {
    const replacement = edit(f);
    if (!replacement) continue;
    out ??= [];
    if (f.start > copyFrom) out.push(msg.subarray(copyFrom, f.start));
    out.push(...replacement);
    copyFrom = f.end;
  }
  if (out && copyFrom < msg.length) out.push(msg.subarray(copyFrom));
  return out;
}

/** The replacement for a length-delimited field whose body was rewritten (null when it was not). */
export function nested(f: Field, rewrite: (body: Uint8Array) => Pieces | null): Pieces | null {
  if (f.wire !== WIRE.bytes) return null;
  const body = rewrite(f.body);
  return body ? bytesField(f.number, body) : null;
}

export function concatPieces(pieces: Pieces, total = piecesLength(pieces)): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function utf8(body: Uint8Array): string {
  return new TextDecoder().decode(body);
}
