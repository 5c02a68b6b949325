// Child process of webgpu.test.ts (Dawn must find Chromium's SwiftShader Vulkan through
// LD_LIBRARY_PATH/VK_ICD_FILENAMES, which only take effect at process start): compiles the four tiny
// graphs 4-bit with float32 activations, runs each once on onnxruntime-node's WebGPU EP with profiling
// on, and prints one JSON line per graph: the error against the reference on dequantized weights and,
// from the profile, where each node ran and the dtypes it produced.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { resolveOptions } from '../options';
import { memorySource, openSafetensors } from '../safetensors';
import { weightFile } from '../weights';
import { GRAPH_CASES } from './cases';
import { fakeQuantizeAll } from './fake-quant';
import { compileTo, errorStats, tempDir } from './run-compiled';

interface ProfileEvent {
  cat: string;
  name: string;
  args?: { op_name?: string; provider?: string; output_type_shape?: Record<string, number[]>[] };
}

const tmp = tempDir();
try {
  // Plain attention (MatMul/Softmax/Transpose, all standard) was checked the same way once; each WebGPU
  // session costs seconds of SwiftShader shader compilation, so the test keeps to the default.
  for (const attention of ['mha'] as const) {
    for (const c of GRAPH_CASES) {
      const options = resolveOptions({ variant: 'f32', bits: 4, attention });
      const st = await openSafetensors(memorySource(c.checkpoint.bytes));
      const plan = c.plan(weightFile(c.label, st, c.checkpoint.bytes.length), options);
      const dir = join(tmp.dir, `${c.key}-${attention}`);
      mkdirSync(dir);
      await compileTo(dir, plan);
      const session = await ort.InferenceSession.create(join(dir, plan.fileName), {
        executionProviders: ['webgpu'],
        enableProfiling: true,
        profileFilePrefix: join(dir, 'profile'),
      });
      const r = c.runs[0];
      const feeds: Record<string, ort.Tensor> = {};
      for (const [k, f] of Object.entries(r.feeds)) {
        feeds[k] =
          f.dtype === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from(Array.from(f.values, (v) => BigInt(v))), f.dims)
            : new ort.Tensor('float32', Float32Array.from(f.values), f.dims);
      }
      const out = (await session.run(feeds))[c.output].data as Float32Array;
      session.endProfiling();
      const profile = readdirSync(dir).find((f) => f.startsWith('profile') && f.endsWith('.json'));
      if (!profile) throw new Error(`no profile written in ${dir}`);
      const events = JSON.parse(readFileSync(join(dir, profile), 'utf8')) as ProfileEvent[];
      const nodes = events.filter((e) => e.cat === 'Node' && e.args?.provider && e.name.endsWith('_kernel_time'));
      const placed = nodes.map((e) => ({
        name: e.name.replace(/_kernel_time$/, ''),
        op: e.args!.op_name!,
        provider: e.args!.provider!,
        outputs: (e.args!.output_type_shape ?? []).flatMap((o) => Object.keys(o)),
      }));
      // GPU programs, as the WebGPU EP's profile names them ("node&op&program").
      const programs = [...new Set(events.filter((e) => e.cat === 'Api').map((e) => e.name.split('&').pop()!))];
      const shapes = Object.fromEntries(Object.keys(c.checkpoint.values).map((k) => [k, st.info(k).shape]));
      const weights = fakeQuantizeAll(c.checkpoint.values, shapes, c.keepFloat, options.blockSize, options.symmetric, c.uses).weights;
      console.log(JSON.stringify({ key: c.key, attention, placed, programs, ...errorStats(r.reference(weights), out) }));
      await session.release();
    }
  }
} finally {
  tmp.remove();
}
