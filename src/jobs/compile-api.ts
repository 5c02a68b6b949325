// What the compile worker exposes (each call takes its signal first: src/leaf/jobs.ts), over any
// FileStore: the worker runs it on OPFS, Node tests on a memory store (the same code, not a stand-in). Every call that reads the checkpoint first pins the
// host's branch to a commit (compile-source.ts) and then reads tensor by tensor with Range requests.
import { httpCheckpointSource } from '../../models/compiler/checkpoint';
import type { CompileOptions } from '../../models/compiler/options';
import { modelSetById } from '../../models/sets/index';
import { compileSet, planSetCompile, type CompileEvent } from './compile-job';
import { resolveHubSource, type HubSource } from './compile-source';
import { compiledStates, removeCompiledGraphs } from './compile-state';
import type { JobClient } from '../leaf/jobs';
import type { FileStore } from '../store/file-store';

export function compileApi(store: FileStore, fetchFn: typeof fetch = (...a) => fetch(...a)) {
  async function open(hub: HubSource, signal: AbortSignal) {
    const resolved = await resolveHubSource(hub, fetchFn, signal);
    return { resolved, source: httpCheckpointSource(resolved.location, { headers: hub.headers, fetch: fetchFn }) };
  }
  return {
    status: (_signal: AbortSignal, setId: string) => compiledStates(store, modelSetById(setId)),
    async inspect(signal: AbortSignal, setId: string, hub: HubSource, options: CompileOptions) {
      const { resolved, source } = await open(hub, signal);
      return { ...resolved, summary: (await planSetCompile(store, modelSetById(setId), source, options, signal)).summary };
    },
    async compile(signal: AbortSignal, setId: string, hub: HubSource, options: CompileOptions, onProgress?: (e: CompileEvent) => void) {
      const { resolved, source } = await open(hub, signal);
      return { ...resolved, summary: await compileSet(store, modelSetById(setId), source, options, { signal, onProgress }) };
    },
    /** Cancel's clean-up: unfinished graphs and their checkpoints go, finished ones stay. */
    discard: (_signal: AbortSignal, setId: string) => removeCompiledGraphs(store, modelSetById(setId), 'unfinished'),
    remove: (_signal: AbortSignal, setId: string) => removeCompiledGraphs(store, modelSetById(setId), 'all'),
  };
}

/** The compile calls as the page makes them (the worker's client) or a Node test (directClient). */
export type CompileClient = JobClient<ReturnType<typeof compileApi>>;
