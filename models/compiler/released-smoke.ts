// npx tsx models/compiler/released-smoke.ts [f16|f32] — the four graphs at the released configuration,
// planned from the key maps with an all-zero (sparse) data file of the planned size, loaded and run once
// in onnxruntime-node on the CPU. Not a numerical check (the weights are zeros): it shows the full-size
// graphs are valid ONNX whose shapes agree end to end (MatMulNBits at real K/N, 16 × 128 heads, the
// num_parts reshape, 257 context tokens), and reports load and run times and memory.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { planPartCrafter } from './compile';
import { releasedCheckpoint } from './released-plan';
import { resolveOptions } from './options';
import { dataFileName, layoutOf } from './plan';

const variant = (process.argv[2] ?? 'f16') as 'f16' | 'f32';
const released = releasedCheckpoint();
const f32 = (n: number, f: (i: number) => number = (i) => Math.sin(i)) => Float32Array.from({ length: n }, (_, i) => f(i));
const T = 16;
const feeds: Record<string, Record<string, ort.Tensor>> = {
  imageEncoder: { pixel_values: new ort.Tensor('float32', f32(3 * 224 * 224), [1, 3, 224, 224]) },
  dit: {
    hidden_states: new ort.Tensor('float32', f32(2 * T * 64), [2, T, 64]),
    timestep: new ort.Tensor('float32', Float32Array.of(1000, 1000), [2]),
    encoder_hidden_states: new ort.Tensor('float32', f32(2 * 257 * 1024), [2, 257, 1024]),
    part_ids: new ort.Tensor('int64', BigInt64Array.of(0n, 1n), [2]),
    num_parts: new ort.Tensor('int64', BigInt64Array.of(1n), [1]),
  },
  vaeKv: { latents: new ort.Tensor('float32', f32(T * 64), [1, T, 64]) },
  vaeQuery: { points: new ort.Tensor('float32', f32(100 * 3), [1, 100, 3]), kv: new ort.Tensor('float32', f32(T * 1024), [1, T, 1024]) },
};

const dir = mkdtempSync(join(tmpdir(), 'lumen-released-'));
try {
  for (const plan of planPartCrafter(released, resolveOptions({ variant, bits: 4 }))) {
    const layout = layoutOf(plan);
    writeFileSync(join(dir, plan.fileName), plan.modelBytes(layout));
    const fd = openSync(join(dir, dataFileName(plan.fileName)), 'w');
    ftruncateSync(fd, layout.totalBytes); // sparse: zeros without writing them
    closeSync(fd);
    let started = performance.now();
    const session = await ort.InferenceSession.create(join(dir, plan.fileName), { executionProviders: ['cpu'] });
    const load = performance.now() - started;
    started = performance.now();
    const out = await session.run(feeds[plan.key]);
    const run = performance.now() - started;
    const [name, t] = Object.entries(out)[0];
    const finite = (t.data as Float32Array).every(Number.isFinite);
    console.log(
      `${plan.fileName} (${variant}, 4-bit, ${(layout.totalBytes / 2 ** 20).toFixed(0)} MiB): load ${(load / 1000).toFixed(1)} s, run ${(run / 1000).toFixed(1)} s, ` +
        `${name} [${t.dims}] ${finite ? 'finite' : 'NOT FINITE'}, rss ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB`,
    );
    await session.release();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
