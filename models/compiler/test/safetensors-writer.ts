// Test-only safetensors writer: lays tensors out back to back in the order given, the way the reference
// implementation does, so tests can build exact files (and corrupt them on purpose via `rawHeader`).
import type { SafetensorsDType } from '../safetensors-header';

export interface WriteTensor {
  dtype: SafetensorsDType;
  shape: number[];
  /** Raw little-endian element bytes. */
  bytes: Uint8Array;
}

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Header JSON + data for the tensors; `metadata` becomes __metadata__. */
export function headerFor(tensors: Record<string, WriteTensor>, metadata?: Record<string, string>) {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  return { header, dataLength: offset };
}

/** A complete file. `rawHeader` replaces the computed header (for corrupt-header tests). */
export function writeSafetensors(
  tensors: Record<string, WriteTensor>,
  options: { metadata?: Record<string, string>; rawHeader?: unknown; headerLength?: bigint } = {},
): Uint8Array<ArrayBuffer> {
  const { header, dataLength } = headerFor(tensors, options.metadata);
  // Pad with spaces to a multiple of 8, as the reference writer does, so the data buffer is aligned.
  // (Headers here are ASCII, so string length is byte length.)
  const text = JSON.stringify(options.rawHeader ?? header);
  const json = new TextEncoder().encode(text.padEnd(Math.ceil(text.length / 8) * 8, ' '));
  const out = new Uint8Array(8 + json.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, options.headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}
