// The compiled graphs satisfy the contracts the runtime checks (models/contracts.ts): at the released
// configuration (graph structure only: the plan is built from the key maps, no weights are read) for
// the real model set, and for the tiny compiled graphs as onnxruntime-node itself reports them.
import { mkdirSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContract } from '../../src/runtime/contract';
import type { ValueInfo } from '../../src/leaf/tensor';
import { contractFor } from '../contracts';
import { dinoTokens, type ModelSet } from '../model-set';
import { REAL_SET } from '../sets/real';
import { type COMPILED_GRAPHS, planPartCrafter } from './compile';
import { releasedCheckpoint } from './released-plan';
import { planDit } from './graphs/dit';
import { resolveOptions, type CompileOptions } from './options';
import { layoutOf } from './plan';
import { memorySource, openSafetensors } from './safetensors';
import { GRAPH_CASES, TINY } from './test/cases';
import { compileTo, openCompiled, tempDir } from './test/run-compiled';
import { weightFile } from './weights';

const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const DTYPES: Record<number, string> = { 1: 'float32', 10: 'float16', 7: 'int64', 6: 'int32' };

function ioOf(list: import('onnx-proto').onnx.IValueInfoProto[]): ValueInfo[] {
  return list.map((v) => ({
    name: v.name!,
    dtype: DTYPES[v.type!.tensorType!.elemType!] ?? String(v.type!.tensorType!.elemType),
    shape: v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))),
  }));
}

const released = releasedCheckpoint();

const VARIANTS: Partial<CompileOptions>[] = [
  { variant: 'f16', bits: 4 },
  { variant: 'f32', bits: 4 },
  { variant: 'f32', bits: 'none', attention: 'plain' },
];

describe('graphs at the released configuration', () => {
  for (const v of VARIANTS) {
    const options = resolveOptions(v);
    it(`pass the real set's contracts (${options.variant}, bits ${options.bits}, ${options.attention}); all weights are external data`, () => {
      const sizes: string[] = [];
      for (const plan of planPartCrafter(released, options)) {
        const layout = layoutOf(plan);
        const bytes = plan.modelBytes(layout);
        const graph = onnx.ModelProto.decode(bytes).graph!;
        checkContract(contractFor(REAL_SET, plan.key as (typeof COMPILED_GRAPHS)[number]), ioOf(graph.input!), ioOf(graph.output!));
        expect(graph.initializer!.every((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)).toBe(true);
        expect(graph.initializer!.length).toBe(plan.tensors.length);
        expect(bytes.length).toBeLessThan(1 << 20);
        sizes.push(
          `${plan.fileName} ${(bytes.length / 1024).toFixed(0)} KiB + data ${(layout.totalBytes / 2 ** 20).toFixed(1)} MiB (${plan.tensors.length} tensors)`,
        );
      }
      console.log(`released config, ${options.variant} bits ${options.bits}: ${sizes.join('; ')}`);
    });
  }
});

const tmp = tempDir();
afterAll(() => tmp.remove());

/** The real set with the tiny dims: same names and dtypes, the tiny sizes. */
const tinySet: ModelSet = {
  ...REAL_SET,
  dims: { ...REAL_SET.dims, dinoCrop: 8, dinoPatch: 2, dinoHidden: 32, partChannels: TINY.inChannels, kvWidth: TINY.vaeWidth },
};

describe('tiny compiled graphs, as onnxruntime-node loads them', () => {
  for (const c of GRAPH_CASES) {
    it(`${c.key} passes checkContract`, async () => {
      const st = await openSafetensors(memorySource(c.checkpoint.bytes));
      const file = weightFile(c.label, st, c.checkpoint.bytes.length);
      const options = resolveOptions({ variant: 'f16', bits: 4 });
      // The DiT's context length is the DINO token count (17 for the tiny 8-pixel crop, 2-pixel patch).
      const plan = c.key === 'dit' ? planDit(file, TINY, { contextTokens: dinoTokens(tinySet.dims) }, options) : c.plan(file, options);
      const dir = `${tmp.dir}/${c.key}`;
      mkdirSync(dir);
      await compileTo(dir, plan);
      const { session } = await openCompiled(dir, plan);
      const info = (m: readonly import('onnxruntime-node').InferenceSession.ValueMetadata[]) =>
        m.map((x) =>
          x.isTensor ? { name: x.name, dtype: x.type, shape: [...x.shape] } : { name: x.name, dtype: 'non-tensor', shape: [] },
        );
      expect(() => checkContract(contractFor(tinySet, c.key), info(session.inputMetadata), info(session.outputMetadata))).not.toThrow();
    });
  }
});
