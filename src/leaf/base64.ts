// Base64 of byte arrays, for what must travel as text: saved hash states in metas and checkpoints, and
// typed arrays in the remote backend's requests and server-sent events. The platform's own codec does the
// work (Uint8Array.prototype.toBase64 / Uint8Array.fromBase64 where the engine has them, Buffer in Node),
// a chunked btoa/atob otherwise: a byte-at-a-time loop took seconds for the 16 MiB of one 2k picture.

export class Base64Error extends Error {
  override name = 'Base64Error';
}

interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeBase64Ctor {
  fromBase64?: (text: string) => Uint8Array;
}
interface NodeBuffer {
  from(data: ArrayBuffer | string, offsetOrEncoding?: number | string, length?: number): Uint8Array & { toString(enc: string): string };
}

const nativeTo = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFrom = (Uint8Array as NativeBase64Ctor).fromBase64;
const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

// Whole base64 quanta: a multiple of 3 bytes encodes without padding, so chunks can be joined.
const CHUNK = 3 * 0x4000;

export function toBase64(bytes: Uint8Array): string {
  if (nativeTo) return nativeTo.call(bytes);
  if (nodeBuffer) return nodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return chunkedToBase64(bytes);
}

/** The fallback for engines with neither (exported for its tests). */
export function chunkedToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])));
  }
  return parts.join('');
}

const STRICT = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Bytes of standard, padded base64, in a buffer of their own (callers view `.buffer` as other types).
 * Anything else is a Base64Error, whichever codec runs (Node's Buffer would skip bad characters).
 */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new Base64Error(`Expected base64 text, got ${text === null ? 'null' : typeof text}.`);
  if (text.length % 4 !== 0 || !STRICT.test(text)) {
    throw new Base64Error(`Not valid base64 (${text.length} characters; standard alphabet with padding expected).`);
  }
  if (nativeFrom) return nativeFrom(text);
  if (nodeBuffer) {
    const b = nodeBuffer.from(text, 'base64');
    // Small results share Node's pool; copy those so that `.buffer` holds exactly these bytes.
    return b.byteOffset === 0 && b.buffer.byteLength === b.length ? new Uint8Array(b.buffer, 0, b.length) : new Uint8Array(b);
  }
  return chunkedFromBase64(text);
}

/** The fallback for engines with neither, for text already checked (exported for its tests). */
export function chunkedFromBase64(text: string): Uint8Array {
  const out = new Uint8Array((text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0));
  for (let i = 0, o = 0; i < text.length; i += 4 * 0x4000) {
    const s = atob(text.slice(i, i + 4 * 0x4000));
    for (let k = 0; k < s.length; k++) out[o++] = s.charCodeAt(k);
  }
  return out;
}
