// What the compile worker exposes, over any FileStore: the worker runs it on OPFS, Node tests on a
// memory store (the same code, not a stand-in). Every call that reads the checkpoint first pins the
// host's branch to a commit (compile-source.ts) and then reads tensor by tensor with Range requests.
import { httpCheckpointSource } from '../../models/compiler/checkpoint';
import type { CompileOptions } from '../../models/compiler/options';
import { modelSetById } from '../../models/sets/index';
import { compileSet, planSetCompile, type CompileEvent } from './compile-job';
import { resolveHubSource, type HubSource } from './compile-source';
import { compiledStates, removeCompiledGraphs } from './compile-state';
import type { FileStore } from './file-store';

export function compileApi(store: FileStore, fetchFn: typeof fetch = (...a) => fetch(...a)) {
  // abort() with no argument (what the worker bridge sends) stops whatever runs.
  const running = new Set<AbortController>();
  async function track<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    running.add(controller);
    try {
      return await fn(controller.signal);
    } finally {
      running.delete(controller);
    }
  }
  async function open(hub: HubSource, signal: AbortSignal) {
    const resolved = await resolveHubSource(hub, fetchFn, signal);
    return { resolved, source: httpCheckpointSource(resolved.location, { headers: hub.headers, fetch: fetchFn }) };
  }
  return {
    status: (setId: string) => compiledStates(store, modelSetById(setId)),
    inspect: (setId: string, hub: HubSource, options: CompileOptions) =>
      track(async (signal) => {
        const { resolved, source } = await open(hub, signal);
        return { ...resolved, summary: (await planSetCompile(store, modelSetById(setId), source, options, signal)).summary };
      }),
    compile: (setId: string, hub: HubSource, options: CompileOptions, onProgress?: (e: CompileEvent) => void) =>
      track(async (signal) => {
        const { resolved, source } = await open(hub, signal);
        return { ...resolved, summary: await compileSet(store, modelSetById(setId), source, options, { signal, onProgress }) };
      }),
    /** Cancel's clean-up: unfinished graphs and their checkpoints go, finished ones stay. */
    discard: (setId: string) => removeCompiledGraphs(store, modelSetById(setId), 'unfinished'),
    remove: (setId: string) => removeCompiledGraphs(store, modelSetById(setId), 'all'),
    abort() {
      for (const c of running) c.abort();
    },
  };
}
