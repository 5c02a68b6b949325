// What the store holds of a set's compiled graphs: per graph, complete (both files with complete
// records), partial (a checkpoint to resume from) or missing; and cancel's clean-up of the partials.
import type { CompileOptions } from '../../models/compiler/options';
import type { GraphKey, ModelSet } from '../../models/model-set';
import { removeStored, storedRecord } from './compile-output';
import { compiledDataPath, compiledGraphs } from './compiled-paths';
import type { FileStore } from '../store/file-store';
import { metaPath } from '../store/meta';
import { storePathOf } from '../store/set-install';

export type CompiledState =
  | { kind: 'missing' }
  /** A compile stopped part-way; `bytesDone` of the data file are written and checkpointed. */
  | { kind: 'partial'; bytesDone: number; bytesTotal: number; tensorsDone: number; options: CompileOptions; source: string }
  | { kind: 'complete'; bytes: number; options: CompileOptions; source: string; plan: string };

export interface CompiledGraphState {
  key: GraphKey;
  /** Store path of the .onnx (its data file is `${path}.data`). */
  path: string;
  state: CompiledState;
}

export async function compiledState(store: FileStore, path: string): Promise<CompiledState> {
  const [model, data] = await Promise.all([storedRecord(store, path), storedRecord(store, compiledDataPath(path))]);
  const whole = (r: typeof model) => !!r && r.meta.complete && r.size === r.meta.expectedBytes && !!r.meta.compiled;
  if (whole(model) && whole(data)) {
    const c = model!.meta.compiled!;
    return { kind: 'complete', bytes: model!.size + data!.size, options: c.options, source: c.source, plan: c.plan };
  }
  const c = data?.meta.compiled;
  if (data && c && !data.meta.complete && data.meta.bytesDone > 0) {
    return {
      kind: 'partial',
      bytesDone: data.meta.bytesDone,
      bytesTotal: data.meta.expectedBytes,
      tensorsDone: c.tensorsDone,
      options: c.options,
      source: c.source,
    };
  }
  return { kind: 'missing' };
}

export async function compiledStates(store: FileStore, set: ModelSet): Promise<CompiledGraphState[]> {
  return Promise.all(
    compiledGraphs(set).map(async (key) => {
      const path = storePathOf(set.id, set.graphs[key].path);
      return { key, path, state: await compiledState(store, path) };
    }),
  );
}

/**
 * Deletes compiled graphs: both files, their metas and so any checkpoint (bytes written before a first
 * checkpoint too). 'unfinished' is cancel: complete graphs stay; 'all' is the section's delete. Returns
 * the graphs that had anything stored.
 */
export async function removeCompiledGraphs(store: FileStore, set: ModelSet, which: 'unfinished' | 'all'): Promise<GraphKey[]> {
  const removed: GraphKey[] = [];
  for (const g of await compiledStates(store, set)) {
    if (which === 'unfinished' && g.state.kind === 'complete') continue;
    const paths = [g.path, compiledDataPath(g.path)];
    if (
      g.state.kind === 'missing' &&
      !(await anyStored(
        store,
        paths.flatMap((p) => [p, metaPath(p)]),
      ))
    )
      continue;
    for (const p of paths) await removeStored(store, p);
    removed.push(g.key);
  }
  return removed;
}

async function anyStored(store: FileStore, paths: string[]): Promise<boolean> {
  for (const p of paths) {
    const f = await store.open(p, false);
    f?.close();
    if (f) return true;
  }
  return false;
}
