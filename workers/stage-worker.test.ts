import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../models/sets/fixture';
import type { StageContext } from '../src/runtime/context';
import { checkAbort } from '../src/leaf/abort';
import type { Capabilities } from '../src/runtime/capabilities';
import { createStageWorkerState } from './stage-worker';

const caps: Capabilities = { webgpu: false, shaderF16: false, crossOriginIsolated: false, threads: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stage-shaped function: `steps` awaited steps, checking abort between them like real stages. */
function stage(log: string[], name: string, steps: number) {
  return async (ctx: StageContext) => {
    log.push(`${name} start`);
    for (let i = 0; i < steps; i++) {
      checkAbort(ctx.signal);
      ctx.onProgress?.({ status: 'progress', stage: 'parts', step: i + 1, total: steps });
      await sleep(5);
    }
    log.push(`${name} end`);
    return { name, data: new Float32Array([1, 2, 3]) };
  };
}

describe('stage worker state', () => {
  it('refuses to run before init and names the fix', async () => {
    const state = createStageWorkerState();
    await expect(state.enqueue(async () => 1)).rejects.toThrow(/call init\(setId, caps\) first/);
  });

  it('resolves a run only after its last progress report was delivered', async () => {
    const state = createStageWorkerState();
    await state.init(FIXTURE_SET.id, caps);
    const delivered: number[] = [];
    // Like a comlink proxy: each report is a promise that settles when the other side has handled it.
    const slowSink = (e: { status: string; step?: number }) =>
      new Promise<void>((r) => setTimeout(() => (delivered.push(e.step ?? -1), r()), 30));
    const result = await state.enqueue(stage([], 'a', 2), slowSink as never);
    expect(result.name).toBe('a');
    expect(delivered).toEqual([1, 2]);
  });

  it('serializes runs through one chain and gives each its own progress sink', async () => {
    const state = createStageWorkerState();
    await state.init(FIXTURE_SET.id, caps);
    const log: string[] = [];
    const seen: Record<string, number> = { a: 0, b: 0 };
    const a = state.enqueue(stage(log, 'a', 3), () => seen.a++);
    const b = state.enqueue(stage(log, 'b', 2), () => seen.b++);
    expect((await a).name).toBe('a');
    expect((await b).name).toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(seen).toEqual({ a: 3, b: 2 });
  });

  it("a run's signal cancels that run only: a queued run behind it still runs, and so does the next", async () => {
    const state = createStageWorkerState();
    await state.init(FIXTURE_SET.id, caps);
    const log: string[] = [];
    const ac = new AbortController();
    const a = state.enqueue(stage(log, 'a', 100), undefined, ac.signal);
    const b = state.enqueue(stage(log, 'b', 2));
    await sleep(20);
    ac.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect((await b).name).toBe('b');
    expect(log).toEqual(['a start', 'b start', 'b end']);
    expect((await state.enqueue(stage(log, 'c', 1))).name).toBe('c');
  });

  it('a run whose signal aborted while it waited in the queue never starts', async () => {
    const state = createStageWorkerState();
    await state.init(FIXTURE_SET.id, caps);
    const log: string[] = [];
    const a = state.enqueue(stage(log, 'a', 3));
    const b = state.enqueue(stage(log, 'b', 2), undefined, AbortSignal.abort());
    expect((await a).name).toBe('a');
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    expect(log).toEqual(['a start', 'a end']);
  });

  it('maps untyped runtime failures to typed errors', async () => {
    const state = createStageWorkerState();
    await state.init(FIXTURE_SET.id, caps);
    const failing = async () => {
      throw new Error('WebGPU device was lost: out of memory');
    };
    await expect(state.enqueue(failing)).rejects.toMatchObject({ name: 'DeviceLostError' });
  });
});
