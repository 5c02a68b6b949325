import { describe, expect, it } from 'vitest';
import { createRng } from '../pipeline/random';
import { Base64Error, chunkedFromBase64, chunkedToBase64, fromBase64, toBase64 } from './base64';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 §4, three bytes to four characters at a time: an independent reference. */
function reference(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + (left > 1 ? ALPHABET[(n >> 6) & 63] : '=') + (left > 2 ? ALPHABET[n & 63] : '=');
  }
  return s;
}

/** −1 when equal, else the first index that differs (or the shorter length). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

/** Random bytes as a view at a random offset into a larger buffer, as typed-array views often are. */
function randomView(seed: number, max: number): Uint8Array {
  const rng = createRng(seed);
  const n = Math.floor(rng.next() ** 3 * max);
  const offset = Math.floor(rng.next() * 7);
  const buf = new Uint8Array(n + offset + 5);
  for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(rng.next() * 256);
  return buf.subarray(offset, offset + n);
}

describe.each([
  ['platform', toBase64, fromBase64],
  ['chunked fallback', chunkedToBase64, chunkedFromBase64],
])('base64 (%s)', (_, encode, decode) => {
  it('encodes as RFC 4648 and decodes back, for 200 random views from 0 bytes to 100 kB', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = randomView(seed, 100_000);
      const text = encode(bytes);
      expect(text, `seed ${seed}`).toBe(reference(bytes));
      const back = decode(text);
      expect(firstDifference(back, bytes), `seed ${seed}`).toBe(-1);
      // Callers view the result's whole buffer as other element types.
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(bytes.length);
    }
  });

  it('round-trips 3 MiB + 1 byte, across chunk edges', () => {
    const bytes = new Uint8Array(3 * 2 ** 20 + 1);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    expect(firstDifference(decode(encode(bytes)), bytes)).toBe(-1);
  });
});

describe('base64 input checks', () => {
  it.each([
    ['a bad character', 'QUJD$A=='],
    ['a missing pad', 'QUI'],
    ['whitespace', 'QUJD\nREVG'],
    ['URL-safe letters', 'a-_b'],
    ['padding in the middle', 'QQ==QUJD'],
  ])('rejects %s with a Base64Error', (_, text) => {
    expect(() => fromBase64(text)).toThrow(Base64Error);
  });

  it('rejects what is not a string', () => {
    for (const v of [undefined, null, 42, {}, ['QUJD']]) expect(() => fromBase64(v as unknown as string)).toThrow(Base64Error);
  });
});
