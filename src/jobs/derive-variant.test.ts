// Deriving a float32 variant into the (memory) store: stored like a download, found by the stage
// workers' lookup, verified by the store's re-hash, and nothing left behind when cancelled.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memorySource, type ByteSource } from '../../models/convert/byte-source';
import { deriveFloat32 } from '../../models/convert/derive-float32';
import { layeredHalfGraph } from '../../models/convert/test/synthetic';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { storedVariants } from '../runtime/variants';
import { dirOver, storeComplete } from '../runtime/test/memory-dir';
import { deriveVariant } from './derive-variant';
import { createMemoryStore } from '../store/file-store';
import { fileStatus, verifyFile } from '../store/stored-file';

const unetPath = fileURLToPath(new URL('../../public/models/fixture/unet.onnx', import.meta.url));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('deriveVariant', () => {
  it('stores the float32 unet with a complete meta and provenance; the lookup finds it and verify re-hashes it', async () => {
    const original = new Uint8Array(await readFile(unetPath));
    const store = createMemoryStore();
    await storeComplete(store, 'fixture/unet.onnx', original);
    const progress: number[] = [];
    const r = await deriveVariant(
      store,
      memorySource(original),
      { setId: 'fixture', graphPath: 'unet.onnx', sourceSha256: sha(original) },
      {
        chunkBytes: 256,
        onProgress: (p) => progress.push(p.bytesDone),
      },
    );
    const expected = deriveFloat32(original).bytes;
    expect(store.files.get('fixture/variants/float32/unet.onnx')).toEqual(expected);
    expect(r).toMatchObject({ path: 'fixture/variants/float32/unet.onnx', bytes: expected.length, sha256: sha(expected), dataBytes: 0 });
    expect(progress.at(-1)).toBe(expected.length);
    expect(await fileStatus(store, r.path)).toMatchObject({ complete: true, bytesDone: expected.length });
    expect(await storedVariants(dirOver(store.files), FIXTURE_SET)).toMatchObject({
      unet: { path: 'variants/float32/unet.onnx', bytes: expected.length },
    });
    expect(await verifyFile(store, r.path)).toMatchObject({ ok: true, sha256: sha(expected) });
  });

  it('writes the companion data file with its own verified meta when the output needs external data', async () => {
    const original = layeredHalfGraph(4, 64, 2);
    const store = createMemoryStore();
    const r = await deriveVariant(
      store,
      memorySource(original),
      { setId: 'fixture', graphPath: 'unet.onnx', sourceSha256: sha(original) },
      {
        maxBytes: 10_000,
        externalThreshold: 4096,
        chunkBytes: 1024,
      },
    );
    expect(r).toMatchObject({ dataPath: 'fixture/variants/float32/unet.onnx.data' });
    expect(r.dataBytes).toBe(r.summary.externalDataBytes);
    expect(await verifyFile(store, r.dataPath!)).toMatchObject({ ok: true });
    expect(await verifyFile(store, r.path)).toMatchObject({ ok: true });
  });

  it('refuses before writing when the store has no room for the result, with the numbers', async () => {
    const original = layeredHalfGraph(4, 64, 2);
    const store = createMemoryStore(original.length); // the float32 result is about twice as big
    const p = deriveVariant(store, memorySource(original), { setId: 'fixture', graphPath: 'unet.onnx', sourceSha256: sha(original) });
    await expect(p).rejects.toMatchObject({
      name: 'StorageQuotaError',
      message: expect.stringContaining('fixture/variants/float32/unet.onnx'),
    });
    expect([...store.files.keys()]).toEqual([]);
  });

  it('a write the browser cuts short mid-way (quota met after the up-front check) is a StorageQuotaError, and nothing is left', async () => {
    const original = layeredHalfGraph(4, 64, 2);
    for (const capacity of [original.length, Math.floor(original.length * 1.5), Math.floor(original.length * 1.9)]) {
      // Chromium's sync handle writes what fits and returns the short count; the estimate said nothing.
      const store = { ...createMemoryStore(capacity, 'short'), available: async () => undefined };
      const p = deriveVariant(
        store,
        memorySource(original),
        { setId: 'fixture', graphPath: 'unet.onnx', sourceSha256: sha(original) },
        { chunkBytes: 1000 },
      );
      await expect(p).rejects.toMatchObject({
        name: 'StorageQuotaError',
        message: expect.stringContaining('fixture/variants/float32/unet.onnx'),
      });
      expect([...store.files.keys()]).toEqual([]);
    }
  });

  it('a cancelled derivation leaves neither file nor meta behind', async () => {
    const original = layeredHalfGraph(6, 64, 2);
    const store = createMemoryStore();
    const ac = new AbortController();
    const slow: ByteSource = { size: original.length, read: async (at, n) => (at > 20_000 && ac.abort(), original.subarray(at, at + n)) };
    const p = deriveVariant(
      store,
      slow,
      { setId: 'fixture', graphPath: 'unet.onnx', sourceSha256: sha(original) },
      { chunkBytes: 1024, signal: ac.signal },
    );
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect([...store.files.keys()]).toEqual([]);
  });
});
