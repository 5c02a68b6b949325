// Compiling the four PartCrafter graphs from an opened checkpoint, one graph after another, each
// resumable from its last finished tensor. The output folder is abstract (a sink per file name plus a
// checkpoint store), so a worker can point it at OPFS and the CLI at the file system.
import { inputGrid } from './dinov2-keys';
import { planImageEncoder } from './graphs/dino';
import { planDit } from './graphs/dit';
import { planVaeKv } from './graphs/vae-kv';
import { planVaeQuery } from './graphs/vae-query';
import type { Checkpoint } from './checkpoint';
import type { CompileOptions } from './options';
import { dataFileName, type GraphPlan } from './plan';
import type { DataSink } from './sink';
import { writeGraph, type CompileCheckpoint, type ManifestEntry, type TensorProgress, type WrittenGraph } from './write-graph';

export const COMPILED_GRAPHS = ['imageEncoder', 'dit', 'vaeKv', 'vaeQuery'] as const;
export type CompiledGraphKey = (typeof COMPILED_GRAPHS)[number];

export function planPartCrafter(
  ck: Checkpoint,
  options: CompileOptions,
  graphs: readonly CompiledGraphKey[] = COMPILED_GRAPHS,
): GraphPlan[] {
  const context = 1 + inputGrid(ck.dino) ** 2;
  const make: Record<CompiledGraphKey, () => GraphPlan> = {
    imageEncoder: () => planImageEncoder(ck.files.dino, ck.dino, options),
    dit: () => planDit(ck.files.transformer, ck.partcrafter, { contextTokens: context }, options),
    vaeKv: () => planVaeKv(ck.files.vae, ck.partcrafter, options),
    vaeQuery: () => planVaeQuery(ck.files.vae, ck.partcrafter, options),
  };
  return graphs.map((g) => make[g]());
}

export interface CheckpointStore {
  load(dataFile: string): Promise<CompileCheckpoint | undefined>;
  save(dataFile: string, checkpoint: CompileCheckpoint): Promise<void>;
  clear(dataFile: string): Promise<void>;
}

export interface CompileOutput {
  /** A sink for a file in the output folder, created if absent, contents kept (resume needs them). */
  open(fileName: string): Promise<DataSink & { close(): void }>;
  checkpoints?: CheckpointStore;
  /**
   * Called once both files of a graph are written and flushed, before its checkpoint is cleared: an
   * output that indexes its files (the model store's metas) records the graph as complete here.
   */
  commit?(plan: GraphPlan, entries: [ManifestEntry, ManifestEntry]): Promise<void>;
}

export interface CompileProgress extends TensorProgress {
  graphIndex: number;
  graphCount: number;
}

export async function compilePlans(
  plans: GraphPlan[],
  out: CompileOutput,
  options: { signal?: AbortSignal; onProgress?: (p: CompileProgress) => void } = {},
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const [graphIndex, plan] of plans.entries()) {
    const dataFile = dataFileName(plan.fileName);
    const resume = await out.checkpoints?.load(dataFile);
    const model = await out.open(plan.fileName);
    const data = await out.open(dataFile);
    let written: WrittenGraph;
    try {
      written = await writeGraph(
        plan,
        { model, data },
        {
          signal: options.signal,
          resume,
          onCheckpoint: (cp) => out.checkpoints?.save(dataFile, cp),
          onProgress: (p) => options.onProgress?.({ ...p, graphIndex, graphCount: plans.length }),
        },
      );
      entries.push(...written.entries);
    } finally {
      model.close();
      data.close();
    }
    await out.commit?.(plan, written.entries);
    await out.checkpoints?.clear(dataFile);
  }
  return entries;
}
