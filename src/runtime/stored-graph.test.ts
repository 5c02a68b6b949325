// Stored graphs as GraphSources: a single-file graph becomes a skeleton over itself, a graph with a
// companion external data file mounts it; the result runs in onnxruntime-node once its Blobs are files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memorySink, memorySource } from '../../models/convert/byte-source';
import { deriveFloat32Stream } from '../../models/convert/derive-float32-stream';
import { layeredHalfGraph } from '../../models/convert/test/synthetic';
import { createMemoryStore } from '../store/file-store';
import { toHalfArray } from '../leaf/float16';
import type { GraphSource } from './graph';
import { createNodeRuntime } from './node-context';
import { MissingExternalDataError, SELF_LOCATION, storedGraphSource } from './stored-graph';
import { dirOver, storeComplete } from './test/memory-dir';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Writes the source's Blobs as files (what OPFS is to the browser, a folder is to Node) and runs it. */
async function runInNode(source: GraphSource, x: { dtype: 'float16' | 'float32'; data: Uint16Array | Float32Array }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumen-stored-'));
  dirs.push(dir);
  const externalData = [];
  for (const f of source.externalData ?? []) {
    await writeFile(path.join(dir, f.path), new Uint8Array(await (f.data as Blob).arrayBuffer()));
    externalData.push({ path: f.path, data: path.join(dir, f.path) });
  }
  const session = await createNodeRuntime().createSessionFrom('g', { model: source.model, externalData }, { providers: ['cpu'] });
  try {
    return (await session.run({ x: { ...x, dims: [2, 64] } })).y;
  } finally {
    await session.release();
  }
}

const half = { dtype: 'float16' as const, data: toHalfArray(Array.from({ length: 128 }, (_, i) => Math.cos(i))) };

describe('storedGraphSource', () => {
  it('a single-file graph becomes a skeleton reading its weights from the stored file itself', async () => {
    const store = createMemoryStore();
    const original = layeredHalfGraph(3, 64, 9);
    await storeComplete(store, 'fixture/unet.onnx', original);
    const source = (await storedGraphSource(dirOver(store.files), 'fixture/unet.onnx', { threshold: 4096 }))!;
    expect(source.model.length).toBeLessThan(original.length / 4);
    expect(source.externalData!.map((f) => f.path)).toEqual([SELF_LOCATION]);
    const viaSkeleton = await runInNode(source, half);
    const whole = await createNodeRuntime().createSession('w', original, { providers: ['cpu'] });
    expect(Array.from(viaSkeleton.data as Uint16Array)).toEqual(
      Array.from((await whole.run({ x: { ...half, dims: [2, 64] } })).y.data as Uint16Array),
    );
    source.release?.();
  });

  it('mounts the companion external data file stored beside a derived graph', async () => {
    const store = createMemoryStore();
    const model = memorySink();
    const data = memorySink();
    await deriveFloat32Stream(
      memorySource(layeredHalfGraph(3, 64, 9)),
      { model, data: () => data },
      {
        maxBytes: 10_000,
        externalThreshold: 4096,
        dataLocation: 'unet.onnx.data',
      },
    );
    await storeComplete(store, 'fixture/variants/float32/unet.onnx', model.bytes());
    const dir = dirOver(store.files);
    await expect(storedGraphSource(dir, 'fixture/variants/float32/unet.onnx')).rejects.toThrow(MissingExternalDataError);
    await storeComplete(store, 'fixture/variants/float32/unet.onnx.data', data.bytes());
    const source = (await storedGraphSource(dir, 'fixture/variants/float32/unet.onnx'))!;
    expect(source.externalData!.map((f) => f.path)).toEqual(['unet.onnx.data']);
    const y = await runInNode(source, { dtype: 'float32', data: Float32Array.from(Array.from({ length: 128 }, (_, i) => Math.cos(i))) });
    expect(y.dtype).toBe('float32');
    expect((y.data as Float32Array).some((v) => v !== 0)).toBe(true);
  });

  it('is null for a file the store does not hold complete', async () => {
    const store = createMemoryStore();
    const bytes = layeredHalfGraph(1, 64);
    await storeComplete(store, 'fixture/unet.onnx', bytes, { complete: false, bytesDone: 10 });
    expect(await storedGraphSource(dirOver(store.files), 'fixture/unet.onnx')).toBeNull();
    expect(await storedGraphSource(dirOver(store.files), 'fixture/vae.onnx')).toBeNull();
  });
});
