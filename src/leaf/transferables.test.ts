import { describe, expect, it } from 'vitest';
import { transferablesOf } from './transferables';

describe('transferablesOf', () => {
  it('finds every buffer of a nested result once and skips shared memory', () => {
    const positions = new Float32Array(6);
    const partIds = new Uint8Array(2);
    const view = new Float32Array(positions.buffer, 4, 2); // same buffer as positions
    const meshes = [{ vertices: new Float32Array(9), faces: new Uint32Array(3) }];
    const shared = new Float32Array(new SharedArrayBuffer(8));
    const found = transferablesOf({ cloud: { positions, partIds, partNames: ['a'] }, meshes, view, shared, n: 3 });
    expect(new Set(found)).toEqual(new Set([positions.buffer, partIds.buffer, meshes[0].vertices.buffer, meshes[0].faces.buffer]));
    expect(found).toHaveLength(4);
  });

  it('lets structuredClone transfer them: the sender’s arrays are detached, the copy holds the data', () => {
    const image = { width: 2, height: 1, data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]) };
    const moved = structuredClone(image, { transfer: transferablesOf(image) });
    expect(image.data.byteLength).toBe(0);
    expect([...moved.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
