// Compiling a set's built-on-device graphs into the model store: open the checkpoint (configs and every
// header, checked before a weight is read), plan the graphs for the options this device gets, skip the
// graphs already compiled from the same source and plan, compile the rest one after another (each
// resuming from its checkpoint) and report one progress stream. Runs in the compile worker over OPFS
// and in Node tests over a memory store: the same code.
import { openCheckpoint, type Checkpoint, type CheckpointSource } from '../../models/compiler/checkpoint';
import { COMPILED_GRAPHS, compilePlans, planPartCrafter, type CompiledGraphKey } from '../../models/compiler/compile';
import type { CompileOptions } from '../../models/compiler/options';
import { layoutOf, type GraphPlan, type PlannedTensor } from '../../models/compiler/plan';
import { planHash, type ManifestEntry } from '../../models/compiler/write-graph';
import type { GraphKey, ModelSet } from '../../models/model-set';
import { AbortError } from '../leaf/abort';
import { storeCompileOutput } from './compile-output';
import { compiledState, compiledStates, type CompiledGraphState, type CompiledState } from './compile-state';
import { compiledGraphs } from './compiled-paths';
import { isQuotaError, StorageQuotaError } from '../store/errors';
import type { FileStore } from '../store/file-store';
import { InsufficientStorageError, storePathOf } from '../store/set-install';

/** Which checkpoint file each graph reads. */
const FILE_OF: Record<CompiledGraphKey, keyof Checkpoint['files']> = {
  imageEncoder: 'dino',
  dit: 'transformer',
  vaeKv: 'vae',
  vaeQuery: 'vae',
};

export interface GraphSummary extends CompiledGraphState {
  fileName: string;
  tensors: number;
  /** Checkpoint bytes its tensors take (what compiling it reads). */
  readBytes: number;
  /** Its .onnx plus .onnx.data. */
  writeBytes: number;
  /** Whether the stored copy is this plan's, from this source (then it is not compiled again). */
  upToDate: boolean;
}

export interface CompileSummary {
  source: string;
  options: CompileOptions;
  graphs: GraphSummary[];
  readBytes: number;
  /** The checkpoint's safetensors files in full (they also hold tensors no graph uses). */
  checkpointBytes: number;
  writeBytes: number;
  /** Bytes still to write: graphs not up to date, less what their checkpoints hold. */
  remainingBytes: number;
}

export type CompileEvent =
  | { status: 'reading'; source: string }
  | { status: 'planned'; summary: CompileSummary }
  | { status: 'graph'; graphIndex: number; graphCount: number; key: GraphKey; skipped: boolean }
  | {
      status: 'tensor';
      graphIndex: number;
      graphCount: number;
      key: GraphKey;
      index: number;
      count: number;
      name: string;
      /** Over the whole compile, .onnx files included. */
      bytesDone: number;
      bytesTotal: number;
      /** This graph's data file. */
      graphBytesDone: number;
      graphBytesTotal: number;
    }
  | { status: 'graph-done'; graphIndex: number; key: GraphKey; entries: ManifestEntry[]; state: CompiledState }
  | { status: 'done'; compiled: number; skipped: number };

/** A compile stopped on a tensor (a read, a conversion or a write failed): names it and the graph. */
export class CompileStepError extends Error {
  override name = 'CompileStepError';
  constructor(
    readonly graph: string,
    readonly tensor: string,
    readonly sources: string[],
    cause: Error,
  ) {
    const from = sources.length && !(sources.length === 1 && sources[0] === tensor) ? ` (read from ${sources.join(', ')})` : '';
    super(
      `Compiling ${graph} stopped at tensor "${tensor}"${from}: ${cause.message} What was written before it is kept: compile again to resume.`,
    );
  }
}

export interface Planned {
  checkpoint: Checkpoint;
  plans: GraphPlan[];
  summary: CompileSummary;
}

/** The store folder a set's compiled graphs share (the compiled .onnx names its data file relative to it). */
function targetDir(set: ModelSet, plans: GraphPlan[]): string {
  const dirs = new Set(
    plans.map((p) => {
      const path = storePathOf(set.id, set.graphs[p.key as GraphKey].path);
      const slash = path.lastIndexOf('/');
      if (path.slice(slash + 1) !== p.fileName)
        throw new Error(`${set.id}: graph ${p.key} is declared as ${path}, but the compiler writes ${p.fileName}`);
      return path.slice(0, slash);
    }),
  );
  if (dirs.size !== 1) throw new Error(`${set.id}: the compiled graphs must share one folder (declared: ${[...dirs].join(', ')})`);
  return [...dirs][0];
}

export async function planSetCompile(
  store: FileStore,
  set: ModelSet,
  source: CheckpointSource,
  options: CompileOptions,
  signal?: AbortSignal,
): Promise<Planned> {
  const keys = compiledGraphs(set);
  const unknown = keys.filter((k) => !(COMPILED_GRAPHS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`${set.id}: the compiler does not build ${unknown.join(', ')}`);
  const checkpoint = await openCheckpoint(source, { signal });
  const plans = planPartCrafter(checkpoint, options, keys as CompiledGraphKey[]);
  const states = new Map((await compiledStates(store, set)).map((s) => [s.key, s]));
  const files = [...new Set(Object.values(checkpoint.files))];
  const graphs: GraphSummary[] = [];
  for (const plan of plans) {
    const key = plan.key as CompiledGraphKey;
    const file = checkpoint.files[FILE_OF[key]];
    const layout = layoutOf(plan);
    const st = states.get(key)!;
    const hash = await planHash(plan);
    graphs.push({
      ...st,
      fileName: plan.fileName,
      tensors: plan.tensors.length,
      // Sources a graph reads once each (a quantized weight's three tensors share one read).
      readBytes: [...new Set(plan.tensors.flatMap((t) => t.sources))].reduce((n, s) => n + (file.storedBytes?.(s) ?? 0), 0),
      writeBytes: layout.totalBytes + plan.modelBytes(layout).length,
      upToDate: st.state.kind === 'complete' && st.state.plan === hash && st.state.source === source.location,
    });
  }
  const sum = (f: (g: GraphSummary) => number) => graphs.reduce((n, g) => n + f(g), 0);
  const resumable = (g: GraphSummary) => (g.state.kind === 'partial' && g.state.source === source.location ? g.state.bytesDone : 0);
  return {
    checkpoint,
    plans,
    summary: {
      source: source.location,
      options,
      graphs,
      readBytes: sum((g) => g.readBytes),
      checkpointBytes: files.reduce((n, f) => n + (f.fileBytes ?? 0), 0),
      writeBytes: sum((g) => g.writeBytes),
      remainingBytes: sum((g) => (g.upToDate ? 0 : g.writeBytes - resumable(g))),
    },
  };
}

/** The plan with each tensor's production reported first, so a failure can name its tensor. */
function tracked(plan: GraphPlan, onTensor: (t: PlannedTensor) => void): GraphPlan {
  return { ...plan, tensors: plan.tensors.map((t) => ({ ...t, produce: (s) => (onTensor(t), t.produce(s)) })) };
}

export interface CompileSetOptions {
  signal?: AbortSignal;
  onProgress?: (e: CompileEvent) => void;
}

export async function compileSet(
  store: FileStore,
  set: ModelSet,
  source: CheckpointSource,
  options: CompileOptions,
  o: CompileSetOptions = {},
): Promise<CompileSummary> {
  const { signal, onProgress } = o;
  onProgress?.({ status: 'reading', source: source.location });
  const { plans, summary } = await planSetCompile(store, set, source, options, signal);
  onProgress?.({ status: 'planned', summary });
  const free = await store.available().catch(() => undefined);
  if (free !== undefined && summary.remainingBytes > free) throw new InsufficientStorageError(summary.remainingBytes, free);

  const output = await storeCompileOutput(store, { dir: targetDir(set, plans), source: source.location, options }, plans);
  const graphCount = plans.length;
  let bytesBefore = 0;
  let compiled = 0;
  for (const [graphIndex, plan] of plans.entries()) {
    if (signal?.aborted) throw new AbortError();
    const g = summary.graphs[graphIndex];
    onProgress?.({ status: 'graph', graphIndex, graphCount, key: g.key, skipped: g.upToDate });
    if (!g.upToDate) {
      let current: PlannedTensor | undefined;
      try {
        const entries = await compilePlans([tracked(plan, (t) => (current = t))], output, {
          signal,
          onProgress: (p) =>
            onProgress?.({
              status: 'tensor',
              graphIndex,
              graphCount,
              key: g.key,
              index: p.index,
              count: p.count,
              name: p.name,
              bytesDone: bytesBefore + p.bytesDone,
              bytesTotal: summary.writeBytes,
              graphBytesDone: p.bytesDone,
              graphBytesTotal: p.bytesTotal,
            }),
        });
        onProgress?.({ status: 'graph-done', graphIndex, key: g.key, entries, state: await compiledState(store, g.path) });
        compiled++;
      } catch (e) {
        throw await explain(e as Error, store, plan, current, summary, signal);
      }
    }
    bytesBefore += g.writeBytes;
  }
  onProgress?.({ status: 'done', compiled, skipped: graphCount - compiled });
  return summary;
}

async function explain(
  e: Error,
  store: FileStore,
  plan: GraphPlan,
  t: PlannedTensor | undefined,
  summary: CompileSummary,
  signal?: AbortSignal,
): Promise<Error> {
  if (signal?.aborted || e.name === 'AbortError') return new AbortError('Paused');
  // Chromium's sync handle answers a write past the quota with a short count (write-graph's "short write").
  if (isQuotaError(e) || /short write/.test(e.message)) {
    return new StorageQuotaError(plan.fileName, summary.remainingBytes, await store.available().catch(() => undefined));
  }
  if (!t || e.name === 'CompiledTensorError') return e;
  return new CompileStepError(plan.fileName, t.name, t.sources, e);
}
