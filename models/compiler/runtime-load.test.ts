// A compiled graph loads the way the app loads it: the small .onnx plus its data file through the
// project's Runtime.createSessionFrom (onnxruntime-node, file paths), passes the contract check on the
// session's own metadata, and runs through the GraphSession interface.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkContract } from '../../src/runtime/contract';
import { createNodeRuntime } from '../../src/runtime/node-context';
import { contractFor } from '../contracts';
import { REAL_SET } from '../sets/real';
import { resolveOptions } from './options';
import { dataFileName } from './plan';
import { memorySource, openSafetensors } from './safetensors';
import { TINY, vaeQueryCase } from './test/cases';
import { fakeQuantizeAll } from './test/fake-quant';
import { compileTo, errorStats, tempDir } from './test/run-compiled';
import { weightFile } from './weights';

const tmp = tempDir();
afterAll(() => tmp.remove());

it('the 4-bit query graph loads through Runtime.createSessionFrom, passes its contract and computes the reference', async () => {
  const c = vaeQueryCase;
  const options = resolveOptions({ variant: 'f32', bits: 4 });
  const st = await openSafetensors(memorySource(c.checkpoint.bytes));
  const plan = c.plan(weightFile(c.label, st, c.checkpoint.bytes.length), options);
  await compileTo(tmp.dir, plan);
  const runtime = createNodeRuntime();
  const session = await runtime.createSessionFrom(
    'vaeQuery',
    {
      model: readFileSync(join(tmp.dir, plan.fileName)),
      externalData: [{ path: dataFileName(plan.fileName), data: join(tmp.dir, dataFileName(plan.fileName)) }],
    },
    { providers: ['cpu'] },
  );
  try {
    const set = { ...REAL_SET, dims: { ...REAL_SET.dims, kvWidth: TINY.vaeWidth } };
    expect(() => checkContract(contractFor(set, 'vaeQuery'), session.inputs, session.outputs)).not.toThrow();
    const { feeds } = c.runs[0];
    const out = await session.run({
      points: { dtype: 'float32', dims: feeds.points.dims, data: Float32Array.from(feeds.points.values) },
      kv: { dtype: 'float32', dims: feeds.kv.dims, data: Float32Array.from(feeds.kv.values) },
    });
    const shapes = Object.fromEntries(Object.keys(c.checkpoint.values).map((k) => [k, st.info(k).shape]));
    const weights = fakeQuantizeAll(c.checkpoint.values, shapes, c.keepFloat, options.blockSize, options.symmetric, c.uses).weights;
    expect(out.logits.dims).toEqual([1, 9, 1]);
    expect(errorStats(c.runs[0].reference(weights), out.logits.data as Float32Array).maxRel).toBeLessThan(1e-5);
  } finally {
    await session.release();
  }
});
