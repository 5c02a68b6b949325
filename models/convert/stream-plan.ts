// The streaming side of the wire rewrites (wire.ts is the in-memory side). A rewrite first *plans* its
// output as a list of pieces: new bytes, or ranges of the source to copy (optionally float16 → float32 on
// the way), reading only field headers and the small messages it edits. Bulk tensor data is never read
// while planning, so a plan's length is known before one byte is written, and protobuf's length
// prefixes can be written first. `writePlan` then streams the pieces to a sink a chunk at a time.
import { halfTable } from './half-tensor';
import type { ByteSink, ByteSource, SourceReader } from './byte-source';
import { encodeVarint, WIRE } from './wire';

/**
 * A span of the source, copied as is or converted from float16 to float32 (twice as long out). `file`
 * names another source (an external data file the model refers to) instead of the model itself.
 */
export interface SourceRange {
  at: number;
  length: number;
  halfToFloat?: boolean;
  file?: string;
}

export type Piece = Uint8Array | SourceRange;

export function pieceLength(p: Piece): number {
  if (p instanceof Uint8Array) return p.length;
  return p.halfToFloat ? p.length * 2 : p.length;
}

export function planLength(pieces: Piece[]): number {
  let n = 0;
  for (const p of pieces) n += pieceLength(p);
  return n;
}

/** One field of a message in the source, by absolute offsets; the body is not read. */
export interface StreamField {
  number: number;
  wire: number;
  start: number;
  end: number;
  varint: number;
  bodyStart: number;
  bodyEnd: number;
}

function varintAt(buf: Uint8Array, pos: number, where: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new Error(`protobuf: truncated varint at byte ${where + pos}`);
    const b = buf[pos++];
    value += (b & 0x7f) * scale;
    if (!(b & 0x80)) return [value, pos];
    scale *= 128;
  }
  throw new Error(`protobuf: varint longer than 10 bytes at byte ${where}`);
}

/** The fields of the message at [start, end) of the source, in order. */
export async function* streamFields(r: SourceReader, start: number, end: number): AsyncGenerator<StreamField> {
  let pos = start;
  while (pos < end) {
    // A tag and a length are at most 20 bytes; never look past the message.
    const head = await r.bytes(pos, Math.min(20, end - pos));
    const [tag, afterTag] = varintAt(head, 0, pos);
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    let varint = 0;
    let bodyStart = pos + afterTag;
    let bodyEnd = bodyStart;
    switch (wire) {
      case WIRE.varint: {
        const [v, next] = varintAt(head, afterTag, pos);
        varint = v;
        bodyEnd = bodyStart = pos + next;
        break;
      }
      case WIRE.fixed64:
        bodyEnd = bodyStart + 8;
        break;
      case WIRE.fixed32:
        bodyEnd = bodyStart + 4;
        break;
      case WIRE.bytes: {
        const [len, next] = varintAt(head, afterTag, pos);
        bodyStart = pos + next;
        bodyEnd = bodyStart + len;
        break;
      }
      default:
        throw new Error(`protobuf: unsupported wire type ${wire} (field ${number}) at byte ${pos}`);
    }
    if (bodyEnd > end) throw new Error(`protobuf: field ${number} at byte ${pos} runs past its message`);
    yield { number, wire, start: pos, end: bodyEnd, varint, bodyStart, bodyEnd };
    pos = bodyEnd;
  }
}

/** Appends a piece, merging a copy range with the one before it when they touch. */
export function push(out: Piece[], p: Piece): void {
  const last = out[out.length - 1];
  if (
    !(p instanceof Uint8Array) &&
    !p.halfToFloat &&
    last &&
    !(last instanceof Uint8Array) &&
    !last.halfToFloat &&
    last.file === p.file &&
    last.at + last.length === p.at
  ) {
    out[out.length - 1] = { ...last, length: last.length + p.length };
    return;
  }
  if (pieceLength(p) > 0) out.push(p);
}

/** A length-delimited field around planned pieces. */
export function bytesFieldPlan(number: number, body: Piece[]): Piece[] {
  return [encodeVarint(number * 8 + WIRE.bytes), encodeVarint(planLength(body)), ...body];
}

/**
 * Rewrites the message at [start, end) field by field. `edit` returns a field's replacement (tag
 * included; [] drops it) or null to keep it; unchanged spans become copy ranges. Null when nothing changed.
 */
export async function rewriteStream(
  r: SourceReader,
  start: number,
  end: number,
  edit: (f: StreamField) => Promise<Piece[] | null>,
): Promise<Piece[] | null> {
  let out: Piece[] | null = null;
  let copyFrom = start;
  for await (const f of streamFields(r, start, end)) {
    const replacement = await edit(f);
    if (!replacement) continue;
    out ??= [];
    if (f.start > copyFrom) push(out, { at: copyFrom, length: f.start - copyFrom });
    for (const p of replacement) push(out, p);
    copyFrom = f.end;
  }
  if (out && copyFrom < end) push(out, { at: copyFrom, length: end - copyFrom });
  return out;
}

/** Writes a plan to a sink, reading source ranges `chunkBytes` at a time. Returns the bytes written. */
export async function writePlan(
  r: SourceReader,
  pieces: Piece[],
  sink: ByteSink,
  options: { chunkBytes: number; signal?: AbortSignal; onBytes?: (n: number) => void; files?: Record<string, ByteSource> },
): Promise<number> {
  // Even, so a float16 range is never split inside a value.
  const chunk = Math.max(2, options.chunkBytes - (options.chunkBytes % 2));
  const lut = halfTable();
  let written = 0;
  const emit = async (b: Uint8Array) => {
    await sink.write(b);
    written += b.length;
    options.onBytes?.(b.length);
  };
  for (const p of pieces) {
    if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('Aborted', 'AbortError');
    if (p instanceof Uint8Array) {
      await emit(p);
      continue;
    }
    const from = p.file === undefined ? r.source : options.files?.[p.file];
    if (!from) throw new Error(`the model refers to an external data file "${p.file}" that was not given`);
    for (let at = p.at; at < p.at + p.length; at += chunk) {
      const n = Math.min(chunk, p.at + p.length - at);
      const src = await from.read(at, n);
      if (src.length !== n) throw new Error(`the source ended early: wanted ${n} bytes at ${at}, got ${src.length}`);
      if (!p.halfToFloat) {
        await emit(src);
        continue;
      }
      // Unaligned views cannot be read as Uint16Array: copy those first (new Uint8Array, not .slice():
      // on a Node Buffer .slice() is a view at the same offset).
      const aligned = src.byteOffset % 2 ? new Uint8Array(src) : src;
      const halves = new Uint16Array(aligned.buffer, aligned.byteOffset, n / 2);
      const floats = new Float32Array(halves.length);
      for (let i = 0; i < halves.length; i++) floats[i] = lut[halves[i]];
      await emit(new Uint8Array(floats.buffer));
    }
  }
  return written;
}
