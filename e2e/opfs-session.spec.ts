import { expect, test } from '@playwright/test';
import { memorySink, memorySource } from '../models/convert/byte-source';
import { deriveFloat32 } from '../models/convert/derive-float32';
import { deriveFloat32Stream } from '../models/convert/derive-float32-stream';
import { halfExact, loadGraph, rng, worstRatio } from '../models/convert/ort-compare';
import { layeredHalfGraph } from '../models/convert/test/synthetic';
import { SELF_LOCATION } from '../src/runtime/stored-graph';

// onnxruntime-web sessions created straight from OPFS in a worker: a float32 graph whose weights are in
// a companion external data file, and a single-file graph read through its skeleton. Each weight must
// reach ORT through FileBytes (one initializer at a time), and the outputs must be the float16
// original's as onnxruntime-node computes them.
const original = layeredHalfGraph(4, 64, 21);
const random = rng(5);
const x = halfExact(Array.from({ length: 128 }, () => random() * 2 - 1));
const TENSOR = 64 * 64 * 4;

let expected: Float32Array;
test.beforeAll(async () => {
  const g = await loadGraph(original);
  expected = (await g.run({ x: { values: x, dims: [2, 64] } })).y;
  await g.release();
});

test.beforeEach(async ({ page }) => {
  await page.goto('/e2e/opfs-harness.html');
  await expect(page.getByTestId('harness-ready')).toBeVisible();
  await page.evaluate(() => window.lumenOpfs.clear());
});

const feeds = () => ({ x: { dtype: 'float32' as const, dims: [2, 64], data: x } });

test('a graph with a companion external data file runs on WebGPU, each weight read from OPFS on demand', async ({ page }) => {
  const model = memorySink();
  const data = memorySink();
  await deriveFloat32Stream(
    memorySource(original),
    { model, data: () => data },
    { maxBytes: 10_000, externalThreshold: 4096, dataLocation: 'layered.onnx.data' },
  );
  await page.evaluate(
    ([m, d]) =>
      Promise.all([
        window.lumenOpfs.put('fixture/variants/float32/layered.onnx', m),
        window.lumenOpfs.put('fixture/variants/float32/layered.onnx.data', d),
      ]),
    [model.bytes(), data.bytes()] as const,
  );
  const r = await page.evaluate((f) => window.lumenOpfs.session('fixture/variants/float32/layered.onnx', 'webgpu', f), feeds());
  expect(r.provider).toBe('webgpu');
  expect(r.mounted).toEqual([{ path: 'layered.onnx.data', kind: 'FileBytes', bytesRead: 4 * TENSOR, largestRead: TENSOR }]);
  expect(worstRatio(Float32Array.from(r.outputs.y), expected)).toBeLessThanOrEqual(1);
});

for (const provider of ['webgpu', 'wasm'] as const) {
  test(`a single-file graph runs on ${provider} through its skeleton, its weights read in place`, async ({ page }) => {
    const derived = deriveFloat32(original).bytes;
    await page.evaluate((b) => window.lumenOpfs.put('fixture/unet.onnx', b), derived);
    const r = await page.evaluate(([f, p]) => window.lumenOpfs.session('fixture/unet.onnx', p, f, { threshold: 4096 }), [
      feeds(),
      provider,
    ] as const);
    expect(r.provider).toBe(provider);
    expect(r.modelBytes).toBeLessThan(derived.length / 4);
    expect(r.mounted).toEqual([{ path: SELF_LOCATION, kind: 'FileBytes', bytesRead: 4 * TENSOR, largestRead: TENSOR }]);
    expect(worstRatio(Float32Array.from(r.outputs.y), expected)).toBeLessThanOrEqual(1);
  });
}
