// Sessions from a model plus external data in onnxruntime-node (file paths): a derived graph with its
// weights in a companion file, and a skeleton that reads the weights from the original single file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySource } from '../../models/convert/byte-source';
import { deriveFloat32Stream } from '../../models/convert/derive-float32-stream';
import { fileSink } from '../../models/convert/node-io';
import { skeletonOf } from '../../models/convert/skeleton';
import { layeredHalfGraph } from '../../models/convert/test/synthetic';
import { toHalfArray } from '../leaf/float16';
import type { GraphSession } from './graph';
import { createNodeRuntime } from './node-context';
import type { HostTensor } from '../leaf/tensor';

let dir: string;
const original = layeredHalfGraph(4, 64, 3);
const x: HostTensor = { dtype: 'float16', dims: [2, 64], data: toHalfArray(Array.from({ length: 128 }, (_, i) => Math.sin(i))) };
const runtime = createNodeRuntime();
const cpu = { providers: ['cpu' as const] };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lumen-ext-'));
  await writeFile(path.join(dir, 'layered.onnx'), original);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function outputOf(session: GraphSession, feed: HostTensor = x): Promise<HostTensor> {
  try {
    return (await session.run({ x: feed })).y;
  } finally {
    await session.release();
  }
}

describe('createSessionFrom on onnxruntime-node', () => {
  it('a skeleton reads its weights from the original file and computes exactly what the original does', async () => {
    const skeleton = await skeletonOf(memorySource(original), { location: 'layered.onnx', threshold: 4096 });
    expect(skeleton.tensors).toBe(4);
    expect(skeleton.model.length).toBeLessThan(original.length / 4);
    const expected = await outputOf(await runtime.createSession('whole', original, cpu));
    const fromSkeleton = await runtime.createSessionFrom(
      'skeleton',
      {
        model: skeleton.model,
        externalData: [{ path: 'layered.onnx', data: path.join(dir, 'layered.onnx') }],
      },
      cpu,
    );
    expect(fromSkeleton.inputs[0]).toMatchObject({ name: 'x', dtype: 'float16' });
    expect(Array.from((await outputOf(fromSkeleton)).data as Uint16Array)).toEqual(Array.from(expected.data as Uint16Array));
  });

  it('a derived graph with an external data file loads from its path', async () => {
    const modelPath = path.join(dir, 'derived.onnx');
    const model = await fileSink(modelPath);
    const data = await fileSink(path.join(dir, 'derived.onnx.data'));
    const r = await deriveFloat32Stream(
      memorySource(original),
      { model, data: () => data },
      {
        maxBytes: 10_000,
        externalThreshold: 4096,
        dataLocation: 'derived.onnx.data',
      },
    );
    await model.close();
    await data.close();
    expect(r.summary.externalTensors).toBe(4);
    const session = await runtime.createSessionFrom(
      'derived',
      {
        model: modelPath,
        externalData: [{ path: 'derived.onnx.data', data: path.join(dir, 'derived.onnx.data') }],
      },
      cpu,
    );
    const y = await outputOf(session, { dtype: 'float32', dims: [2, 64], data: new Float32Array(128).fill(0.25) });
    expect(y.dtype).toBe('float32');
    expect((y.data as Float32Array).some((v) => v !== 0)).toBe(true);
  });

  it('names the file when an external data path does not match what the model refers to', async () => {
    const skeleton = await skeletonOf(memorySource(original), { location: 'layered.onnx' });
    const wrong = runtime.createSessionFrom(
      'wrong',
      { model: skeleton.model, externalData: [{ path: 'layered.onnx', data: path.join(dir, 'other.bin') }] },
      cpu,
    );
    await expect(wrong).rejects.toThrow(/other\.bin must be named "layered\.onnx"/);
    const notPath = runtime.createSessionFrom(
      'blob',
      { model: skeleton.model, externalData: [{ path: 'layered.onnx', data: new Uint8Array(4) }] },
      cpu,
    );
    await expect(notPath).rejects.toThrow(/must be a file path for onnxruntime-node/);
  });
});
