import { expect, test } from '@playwright/test';
import { deriveFloat32 } from '../models/convert/derive-float32';
import { loadGraph, rng, worstRatio } from '../models/convert/ort-compare';
import { keepIoHalfGraph } from '../models/convert/test/synthetic';

// A graph with float16 weights behind float32 inputs and outputs (keep_io_types, as RMBG's fp16 export
// most likely is), on this machine's WebGPU without shader-f16: the original cannot run there (its
// boundary says float32, its kernels need f16), which is why its weights are declared apart from its I/O
// and it is offered the float32 derivation; the derived graph runs on WebGPU and gives what the original
// gives (onnxruntime-node, float16 arithmetic) within float16 rounding, as does the original on wasm.
const S = 16;
// A plain Uint8Array: Playwright would not pass the builder's Node Buffer to the page as bytes.
const original = new Uint8Array(keepIoHalfGraph(S, 6, 4));
const random = rng(9);
const input = Float32Array.from({ length: 3 * S * S }, () => random() - 0.5);
let expected: Record<string, Float32Array>;

test.beforeAll(async () => {
  const g = await loadGraph(original);
  expected = await g.run({ input: { values: input, dims: [1, 3, S, S] } });
  await g.release();
});

test.beforeEach(async ({ page }) => {
  await page.goto('/e2e/opfs-harness.html');
  await expect(page.getByTestId('harness-ready')).toBeVisible();
  await page.evaluate(() => window.lumenOpfs.clear());
});

const feeds = () => ({ input: { dtype: 'float32' as const, dims: [1, 3, S, S], data: input } });

test('the original needs shader-f16 on WebGPU even though its inputs and outputs are float32', async ({ page }) => {
  await page.evaluate((b) => window.lumenOpfs.put('fixture/rmbg.onnx', b), original);
  const err = await page.evaluate(
    (f) =>
      window.lumenOpfs.session('fixture/rmbg.onnx', 'webgpu', f).then(
        () => 'ran',
        (e: Error) => e.message,
      ),
    feeds(),
  );
  expect(err).toMatch(/f16/);
});

for (const [label, provider, derive] of [
  ['the derived float32 graph on WebGPU', 'webgpu', true],
  ['the original on wasm', 'wasm', false],
] as const) {
  test(`${label} matches the original's float16 arithmetic`, async ({ page }) => {
    const bytes = derive ? deriveFloat32(original).bytes : original;
    await page.evaluate((b) => window.lumenOpfs.put('fixture/rmbg.onnx', b), bytes);
    const r = await page.evaluate(([f, p]) => window.lumenOpfs.session('fixture/rmbg.onnx', p, f), [feeds(), provider] as const);
    expect(r.provider).toBe(provider);
    for (const name of ['output', 'd1'])
      expect(worstRatio(Float32Array.from(r.outputs[name]), expected[name], 1e-2, 1e-2), name).toBeLessThanOrEqual(1);
  });
}
