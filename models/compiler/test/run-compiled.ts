// Test support: compile a plan into a temp folder (the .onnx next to its data file, as ORT resolves
// external data relative to the model path) and run it in onnxruntime-node on the CPU.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { nodeFileSink } from '../node-sink';
import { dataFileName, type GraphPlan } from '../plan';
import { writeGraph, type WriteGraphOptions, type WrittenGraph } from '../write-graph';

export function tempDir(prefix = 'lumen-compile-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function compileTo(dir: string, plan: GraphPlan, options: WriteGraphOptions = {}): Promise<WrittenGraph> {
  const model = nodeFileSink(join(dir, plan.fileName));
  const data = nodeFileSink(join(dir, dataFileName(plan.fileName)));
  try {
    return await writeGraph(plan, { model, data }, options);
  } finally {
    model.close();
    data.close();
  }
}

export type Feed = { values: ArrayLike<number>; dims: number[]; dtype?: 'float32' | 'int64' };

export interface CompiledSession {
  session: ort.InferenceSession;
  run(feeds: Record<string, Feed>): Promise<Record<string, Float32Array>>;
}

export async function openCompiled(dir: string, plan: GraphPlan): Promise<CompiledSession> {
  const session = await ort.InferenceSession.create(join(dir, plan.fileName), { executionProviders: ['cpu'] });
  return {
    session,
    async run(feeds) {
      const inputs: Record<string, ort.Tensor> = {};
      for (const [name, f] of Object.entries(feeds)) {
        inputs[name] =
          f.dtype === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from(Array.from(f.values, (v) => BigInt(v))), f.dims)
            : new ort.Tensor('float32', Float32Array.from(f.values), f.dims);
      }
      const out = await session.run(inputs);
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
    },
  };
}

export interface ErrorStats {
  maxAbs: number;
  /** max |a − b| / max |ref|: the error relative to the output's scale. */
  maxRel: number;
}

export function errorStats(ref: ArrayLike<number>, got: ArrayLike<number>): ErrorStats {
  if (ref.length !== got.length) throw new Error(`length ${got.length}, expected ${ref.length}`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(ref[i] - got[i]);
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return { maxAbs, maxRel: maxAbs / scale };
}
