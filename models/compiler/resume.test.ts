// Resumable compiles: a compile stopped after any tensor (cancelled, or killed in the middle of a
// write) and started again from its saved checkpoint ends with byte-identical files and the same
// SHA-256 as one uninterrupted run, without reading the finished tensors again.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlans } from './compile';
import { dirCheckpointStore, dirOutput } from './node-checkpoint';
import { nodeFileSink } from './node-sink';
import { resolveOptions, type CompileOptions } from './options';
import type { GraphPlan } from './plan';
import { memorySource, openSafetensors } from './safetensors';
import { ditCase } from './test/cases';
import { compileTo, tempDir } from './test/run-compiled';
import { weightFile, type WeightFile } from './weights';
import { writeGraph, type CompileCheckpoint } from './write-graph';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const dir = () => {
  const d = join(tmp.dir, `run${n++}`);
  mkdirSync(d);
  return d;
};

const OPTIONS = resolveOptions({ variant: 'f16', bits: 4 });

/** A fresh plan over a fresh reader, as a restarted process would build; counts tensor reads. */
async function freshPlan(options: CompileOptions = OPTIONS): Promise<{ plan: GraphPlan; reads: string[] }> {
  const st = await openSafetensors(memorySource(ditCase.checkpoint.bytes));
  const inner = weightFile('transformer', st, ditCase.checkpoint.bytes.length);
  const reads: string[] = [];
  const file: WeightFile = { ...inner, float32: (name, s) => (reads.push(name), inner.float32(name, s)) };
  return { plan: ditCase.plan(file, options), reads };
}

const files = (d: string) => ['dit.onnx', 'dit.onnx.data'].map((f) => readFileSync(join(d, f)));

const reference = (async () => {
  const d = dir();
  const { plan } = await freshPlan();
  const written = await compileTo(d, plan);
  return { dir: d, entries: written.entries, bytes: files(d), count: plan.tensors.length };
})();

describe('resuming a compile', () => {
  it('after a cancel: continues from the checkpoint, reads only the remaining tensors, same bytes and SHA-256', async () => {
    const ref = await reference;
    const d = dir();
    const stopAt = Math.floor(ref.count / 2);
    const controller = new AbortController();
    const first = await freshPlan();
    const stopped = await compilePlans([first.plan], dirOutput(d), {
      signal: controller.signal,
      onProgress: (p) => p.index === stopAt && controller.abort(),
    }).catch((e: Error) => e);
    expect((stopped as Error).name).toBe('AbortError');
    const saved = (await dirCheckpointStore(d).load('dit.onnx.data'))!;
    expect(saved.tensorsDone).toBe(stopAt + 1);
    expect(statSync(join(d, 'dit.onnx.data')).size).toBe(saved.bytesWritten);

    const second = await freshPlan();
    const entries = await compilePlans([second.plan], dirOutput(d));
    expect(entries).toEqual(ref.entries);
    expect(files(d)).toEqual(ref.bytes);
    // Only the tensors after the checkpoint were read again.
    const remaining = second.plan.tensors.slice(stopAt + 1).flatMap((t) => t.sources);
    expect(new Set(second.reads)).toEqual(new Set(remaining));
    expect(second.reads).not.toContain(first.plan.tensors[0].sources[0]);
    expect(await dirCheckpointStore(d).load('dit.onnx.data')).toBeUndefined();
  });

  it('after a crash in the middle of writing a tensor: the partial bytes are dropped and rewritten', async () => {
    const ref = await reference;
    const d = dir();
    const { plan } = await freshPlan();
    let checkpoint: CompileCheckpoint | undefined;
    const model = nodeFileSink(join(d, 'dit.onnx'));
    const data = nodeFileSink(join(d, 'dit.onnx.data'));
    const crashAt = Math.floor(ref.entries[1].bytes * 0.6);
    const dying = {
      ...data,
      write(buffer: Uint8Array, o: { at: number }) {
        if (o.at + buffer.length > crashAt) {
          data.write(buffer.subarray(0, Math.max(0, crashAt - o.at)), o);
          throw new Error('killed');
        }
        return data.write(buffer, o);
      },
    };
    await expect(writeGraph(plan, { model, data: dying }, { onCheckpoint: (cp) => void (checkpoint = cp) })).rejects.toThrow('killed');
    model.close();
    data.close();
    expect(statSync(join(d, 'dit.onnx.data')).size).toBe(crashAt);
    expect(checkpoint!.bytesWritten).toBeLessThan(crashAt);

    const again = await freshPlan();
    const written = await compileTo(d, again.plan, { resume: checkpoint });
    expect(written.resumedFrom).toBe(checkpoint!.tensorsDone);
    expect(written.entries).toEqual(ref.entries);
    expect(files(d)).toEqual(ref.bytes);
  });

  it('ignores a checkpoint from other options, or one the data file no longer backs, and starts over', async () => {
    const ref = await reference;
    const d = dir();
    let other: CompileCheckpoint | undefined;
    const f32 = await freshPlan(resolveOptions({ variant: 'f32', bits: 4 }));
    await compileTo(d, f32.plan, { onCheckpoint: (cp) => void (other = cp) });
    const mismatched = await compileTo(d, (await freshPlan()).plan, { resume: other });
    expect(mismatched.resumedFrom).toBe(0);
    expect(files(d)).toEqual(ref.bytes);

    let mine: CompileCheckpoint | undefined;
    const d2 = dir();
    await compileTo(d2, (await freshPlan()).plan, { onCheckpoint: (cp) => void (mine = cp) });
    const short = nodeFileSink(join(d2, 'dit.onnx.data'));
    short.truncate(mine!.bytesWritten - 1);
    short.close();
    const restarted = await compileTo(d2, (await freshPlan()).plan, { resume: mine });
    expect(restarted.resumedFrom).toBe(0);
    expect(files(d2)).toEqual(ref.bytes);
  });
});
