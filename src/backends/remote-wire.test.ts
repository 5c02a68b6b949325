import { describe, expect, it } from 'vitest';
import type { PointCloud } from '../pipeline/point-cloud';
import { decodeCloudBinary, decodeRgbaBinary, encodeCloudBinary, encodeRgbaBinary } from './remote-wire';

let seed = 11;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function randomCloud(): PointCloud {
  const n = Math.floor(rnd() * 3000);
  const parts = 1 + Math.floor(rnd() * 16);
  const positions = new Float32Array(3 * n).map(() => (rnd() - 0.5) * 2);
  const partIds = new Uint8Array(n).map(() => Math.floor(rnd() * parts));
  // Names of any length (the meta block's padding to 4 bytes varies with them), some non-ASCII.
  const partNames = Array.from({ length: parts }, (_, i) => `part ${i} ${'é'.repeat(Math.floor(rnd() * 5))}`);
  return { positions, partIds, partNames, emptyParts: rnd() < 0.5 ? [0] : [], failedParts: rnd() < 0.3 ? [{ part: 1, reason: 'x' }] : [] };
}

describe('binary wire layouts', () => {
  it('a cloud survives the compact layout exactly, for random sizes and names', () => {
    for (let i = 0; i < 40; i++) {
      const c = randomCloud();
      const bytes = encodeCloudBinary(c);
      // A copy at an odd offset: decoding must not depend on the buffer's alignment.
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      expect(decodeCloudBinary(shifted.subarray(1))).toEqual(c);
    }
  });

  it('a picture survives its layout; truncated or foreign bytes are refused in words', () => {
    for (let i = 0; i < 10; i++) {
      const width = 1 + Math.floor(rnd() * 40);
      const height = 1 + Math.floor(rnd() * 40);
      const img = { width, height, data: new Uint8ClampedArray(width * height * 4).map(() => Math.floor(rnd() * 256)) };
      const bytes = encodeRgbaBinary(img);
      expect(decodeRgbaBinary(bytes)).toEqual(img);
      expect(() => decodeRgbaBinary(bytes.subarray(0, bytes.length - 1))).toThrow(/needs \d+ bytes/);
    }
    const cloud = encodeCloudBinary(randomCloud());
    expect(() => decodeCloudBinary(cloud.subarray(0, cloud.length - 1))).toThrow(/needs \d+ bytes/);
    expect(() => decodeRgbaBinary(cloud)).toThrow(/not a Lumen picture/);
    expect(() => decodeCloudBinary(new Uint8Array(20))).toThrow(/not a Lumen cloud/);
  });
});
