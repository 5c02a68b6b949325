import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError } from '../leaf/abort';
import { createWorkerBridge, type WorkerLike } from './worker-bridge';

// A "worker" made of a real MessageChannel and comlink: the API runs in this thread, but every call,
// abort and result goes through comlink's messages exactly as with a Web Worker.
interface TestApi {
  /** Cooperative: resolves after `ms`, or rejects as soon as abort() is called. */
  slow(ms: number): Promise<string>;
  /** Ignores abort, like a GPU kernel that cannot be interrupted. */
  hang(): Promise<string>;
  id(): number;
  abort(): void;
}

const open: MessageChannel[] = [];
afterEach(() => {
  for (const c of open.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function spawner() {
  let spawned = 0;
  let terminated = 0;
  const spawn = (): WorkerLike => {
    const id = ++spawned;
    const channel = new MessageChannel();
    open.push(channel);
    let abortRun: (() => void) | undefined;
    const api: TestApi = {
      slow: (ms) =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(`done ${ms}`), ms);
          abortRun = () => {
            clearTimeout(t);
            reject(new AbortError());
          };
        }),
      hang: () => new Promise(() => undefined),
      id: () => id,
      abort: () => abortRun?.(),
    };
    Comlink.expose(api, channel.port2 as unknown as Comlink.Endpoint);
    const port = channel.port1 as unknown as Comlink.Endpoint;
    return Object.assign(port, {
      terminate: () => {
        terminated++;
        channel.port1.close();
        channel.port2.close();
      },
    });
  };
  return { spawn, counts: () => ({ spawned, terminated }) };
}

describe('worker bridge', () => {
  it('spawns lazily, once, and reuses the worker across calls', async () => {
    const s = spawner();
    const bridge = createWorkerBridge<TestApi>({ name: 'test', spawn: s.spawn });
    expect(s.counts().spawned).toBe(0);
    expect(await bridge.call((api) => api.slow(1))).toBe('done 1');
    expect(await bridge.call((api) => api.id())).toBe(1);
    expect(s.counts()).toEqual({ spawned: 1, terminated: 0 });
  });

  it('aborts cooperatively without killing the worker', async () => {
    const s = spawner();
    const bridge = createWorkerBridge<TestApi>({ name: 'test', spawn: s.spawn, abortGraceMs: 2000 });
    const ac = new AbortController();
    const run = bridge.call((api) => api.slow(10_000), ac.signal);
    setTimeout(() => ac.abort(), 20);
    const t0 = Date.now();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(s.counts().terminated).toBe(0);
    expect(await bridge.call((api) => api.id())).toBe(1);
  });

  it('terminates a worker that ignores abort, rejects with AbortError, and respawns on next use', async () => {
    const s = spawner();
    const bridge = createWorkerBridge<TestApi>({ name: 'test', spawn: s.spawn, abortGraceMs: 100 });
    const ac = new AbortController();
    const run = bridge.call((api) => api.hang(), ac.signal);
    setTimeout(() => ac.abort(), 10);
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(s.counts()).toEqual({ spawned: 1, terminated: 1 });
    expect(bridge.alive).toBe(false);
    expect(await bridge.call((api) => api.id())).toBe(2);
  });

  it('rejects at once for an already-aborted signal, and passes other errors through', async () => {
    const s = spawner();
    const bridge = createWorkerBridge<TestApi>({ name: 'test', spawn: s.spawn });
    await expect(bridge.call((api) => api.slow(1), AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    expect(s.counts().spawned).toBe(0);
    await expect(bridge.call(() => Promise.reject(new RangeError('bad seed')))).rejects.toThrow('bad seed');
  });

  it('fails pending calls when the bridge is terminated', async () => {
    const s = spawner();
    const bridge = createWorkerBridge<TestApi>({ name: 'test', spawn: s.spawn });
    const run = bridge.call((api) => api.hang());
    await new Promise((r) => setTimeout(r, 10));
    bridge.terminate();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
