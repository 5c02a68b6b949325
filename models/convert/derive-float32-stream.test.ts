// The streaming derivation against the in-memory one (byte for byte, with chunks far smaller than the
// graphs), and its external-data output loaded and run by onnxruntime-node next to the float16 original.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphKey } from '../model-set';
import { FIXTURE_SET } from '../sets/fixture';
import { memorySink, memorySource, type ByteSource } from './byte-source';
import { deriveFloat32, ExternalDataNeededError } from './derive-float32';
import { deriveFloat32Stream } from './derive-float32-stream';
import { ExternalHalfDataError } from './half-tensor';
import { fileSink } from './node-io';
import { halfExact, loadGraph, rng, worstRatio } from './ort-compare';
import { externalFilesOf, skeletonOf } from './skeleton';
import { layeredHalfGraph } from './test/synthetic';

const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const FIXTURE_DIR = fileURLToPath(new URL('../../public/models/fixture/', import.meta.url));
const HALF_KEYS = (Object.keys(FIXTURE_SET.graphs) as GraphKey[]).filter((k) => FIXTURE_SET.graphs[k].float === 'float16');
const read = async (key: GraphKey) => new Uint8Array(await readFile(path.join(FIXTURE_DIR, FIXTURE_SET.graphs[key].path)));
const noData = () => {
  throw new Error('no external data expected');
};

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'lumen-derive-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function streamed(bytes: Uint8Array, chunkBytes: number) {
  const sink = memorySink();
  const result = await deriveFloat32Stream(memorySource(bytes), { model: sink, data: noData }, { chunkBytes, dataLocation: 'unused.data' });
  return { bytes: sink.bytes(), ...result };
}

describe('deriveFloat32Stream', () => {
  for (const key of HALF_KEYS) {
    it(`${key}: streamed in 64-byte chunks, the output is byte for byte the in-memory derivation`, async () => {
      const original = await read(key);
      const expected = deriveFloat32(original);
      const out = await streamed(original, 64);
      expect(out.bytes).toEqual(expected.bytes);
      expect(out.modelBytes).toBe(expected.bytes.length);
      const { initializers, constants, casts, inputs, outputs, valueInfos } = expected.summary;
      expect(out.summary).toMatchObject({ initializers, constants, casts, inputs, outputs, valueInfos, externalDataBytes: 0 });
      expect(out.dataLocation).toBeUndefined();
    });
  }

  it('copies a graph with nothing float16 in it unchanged', async () => {
    const original = await read('rmbg');
    expect((await streamed(original, 100)).bytes).toEqual(original);
  });

  it('a graph many chunks long (six 8 kB float16 weights, 1 kB chunks) matches the in-memory derivation', async () => {
    const original = layeredHalfGraph(6, 64);
    expect(original.length).toBeGreaterThan(40 * 1024);
    const out = await streamed(original, 1024);
    expect(out.bytes).toEqual(deriveFloat32(original).bytes);
    expect(out.summary).toMatchObject({ initializers: 12, constants: 1, casts: 1, largestTensorBytes: 64 * 64 * 4 });
  });

  it('over the size limit, moves the weights to an external data file that onnxruntime-node loads and runs', async () => {
    const original = layeredHalfGraph(6, 64, 5);
    const dir = await tempDir();
    const modelPath = path.join(dir, 'layered.onnx');
    const sinks = { model: await fileSink(modelPath), data: undefined as Awaited<ReturnType<typeof fileSink>> | undefined };
    const progress: number[] = [];
    const result = await deriveFloat32Stream(
      memorySource(original),
      { model: sinks.model, data: async () => (sinks.data = await fileSink(path.join(dir, 'layered.onnx.data'))) },
      {
        chunkBytes: 1000,
        maxBytes: 16_000,
        externalThreshold: 4096,
        dataLocation: 'layered.onnx.data',
        onProgress: (p) => progress.push(p.bytesDone),
      },
    );
    await sinks.model.close();
    await sinks.data?.close();
    // The six weight matrices moved (16 kB each as float32); the 256-byte biases stayed inline.
    expect(result.summary).toMatchObject({ externalTensors: 6, initializers: 12 });
    expect(result.dataLocation).toBe('layered.onnx.data');
    expect(result.modelBytes).toBeLessThan(16_000);
    const data = await readFile(path.join(dir, 'layered.onnx.data'));
    expect(data.length).toBe(result.summary.externalDataBytes);
    expect(progress.at(-1)).toBe(result.modelBytes + data.length);

    const model = onnx.ModelProto.decode(await readFile(modelPath));
    const moved = model.graph!.initializer!.filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL);
    expect(moved.map((t) => t.name).sort()).toEqual(['W0', 'W1', 'W2', 'W3', 'W4', 'W5']);
    for (const t of moved) {
      const info = Object.fromEntries(t.externalData!.map((e) => [e.key, e.value]));
      expect(info).toMatchObject({ location: 'layered.onnx.data', length: String(64 * 64 * 4) });
      expect(Number(info.offset) % 4096).toBe(0);
      expect(t.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
    }

    const [before, after] = await Promise.all([loadGraph(original), loadGraph(modelPath)]);
    try {
      expect(after.inputs[0].dtype).toBe('float32');
      const random = rng(11);
      const feeds = { x: { values: halfExact(Array.from({ length: 128 }, () => random() * 2 - 1)), dims: [2, 64] } };
      const [a, b] = await Promise.all([before.run(feeds), after.run(feeds)]);
      expect(b.y.some((v) => v !== 0)).toBe(true);
      expect(worstRatio(b.y, a.y)).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all([before.release(), after.release()]);
    }
  });

  it('a float16 graph whose weights are in a companion file derives to float32 with a data file of its own', async () => {
    const original = layeredHalfGraph(3, 64, 8);
    // The skeleton is exactly such a graph: its float16 weights are references into orig.onnx.
    const skeleton = await skeletonOf(memorySource(original), { location: 'orig.onnx', threshold: 4096 });
    expect(skeleton.tensors).toBe(3);
    await expect(streamed(skeleton.model, 256)).rejects.toThrow(ExternalHalfDataError); // without the file
    const dir = await tempDir();
    const model = await fileSink(path.join(dir, 'from-external.onnx'));
    const data = await fileSink(path.join(dir, 'from-external.onnx.data'));
    const r = await deriveFloat32Stream(
      memorySource(skeleton.model),
      { model, data: () => data },
      {
        chunkBytes: 512,
        dataLocation: 'from-external.onnx.data',
        externalFiles: { 'orig.onnx': memorySource(original) },
      },
    );
    await model.close();
    await data.close();
    expect(r.summary).toMatchObject({ externalTensors: 3, initializers: 6 });
    expect(r.dataLocation).toBe('from-external.onnx.data');
    const [before, after] = await Promise.all([loadGraph(original), loadGraph(path.join(dir, 'from-external.onnx'))]);
    try {
      const random = rng(3);
      const feeds = { x: { values: halfExact(Array.from({ length: 128 }, () => random() * 2 - 1)), dims: [2, 64] } };
      const [a, b] = await Promise.all([before.run(feeds), after.run(feeds)]);
      expect(after.inputs[0].dtype).toBe('float32');
      expect(worstRatio(b.y, a.y)).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all([before.release(), after.release()]);
    }
    expect(await externalFilesOf(memorySource(skeleton.model))).toEqual(['orig.onnx']);
  });

  it('says so when even the graph without its weights is over the limit', async () => {
    const p = deriveFloat32Stream(
      memorySource(layeredHalfGraph(2, 64)),
      { model: memorySink(), data: () => memorySink() },
      { maxBytes: 100, dataLocation: 'x.data' },
    );
    await expect(p).rejects.toThrow(ExternalDataNeededError);
  });

  it('stops when its signal is aborted, before writing everything', async () => {
    const ac = new AbortController();
    const sink = memorySink();
    const source: ByteSource = memorySource(layeredHalfGraph(6, 64));
    const p = deriveFloat32Stream(
      source,
      { model: { write: (b) => (sink.write(b), ac.abort()) }, data: noData },
      { chunkBytes: 512, signal: ac.signal, dataLocation: 'x' },
    );
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(sink.length).toBeLessThan(source.size);
  });

  it('names the tensor when float16 weights are already in an external file', async () => {
    const model = onnx.ModelProto.decode(layeredHalfGraph(1, 64));
    const w = model.graph!.initializer!.find((t) => t.name === 'W0')!;
    w.rawData = new Uint8Array(0);
    w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    w.externalData = [{ key: 'location', value: 'w.bin' }];
    const bytes = onnx.ModelProto.encode(model).finish();
    await expect(streamed(bytes, 256)).rejects.toThrow(ExternalHalfDataError);
  });
});
