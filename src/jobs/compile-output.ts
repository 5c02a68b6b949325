// The compiler's output folder (models/compiler/compile.ts CompileOutput) as files of the model store:
// each graph's .onnx and .onnx.data are store files with a `<path>.meta` beside them, written through
// the store's sync handles (OPFS in the compile worker, a memory store in Node tests).
//
// The data file's meta is also the compile's checkpoint: while the file is incomplete its bytesDone and
// hashState are the checkpoint's bytes written and SHA-256 state, with the plan hash and tensor count
// in `compiled`, so the store's two-slot, checksummed record makes every checkpoint survive a crash or a
// reload, and the store itself sees the file as partial, like a download. When both files of a graph
// are written their metas become complete records with the compiler's size and SHA-256 (data file
// first: the model's meta is what makes the graph visible), so the stages' readers, verify and delete
// treat them exactly as downloaded files.
import type { CheckpointStore, CompileOutput } from '../../models/compiler/compile';
import type { CompileOptions } from '../../models/compiler/options';
import { dataFileName, layoutOf, type GraphPlan } from '../../models/compiler/plan';
import { planHash } from '../../models/compiler/write-graph';
import { FileBusyError } from '../store/errors';
import { openPair } from '../store/file-pair';
import type { FileStore, SyncFile } from '../store/file-store';
import { MetaFile, metaPath, type CompiledInfo, type FileMeta } from '../store/meta';

export interface CompileTarget {
  /** The store folder the graphs go into, e.g. "real/compiled/partcrafter". */
  dir: string;
  /** The checkpoint's location at its pinned commit (recorded; a checkpoint from another is not resumed). */
  source: string;
  options: CompileOptions;
}

const joinPath = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

async function openFile(store: FileStore, path: string, create: boolean): Promise<SyncFile | null> {
  try {
    return await store.open(path, create);
  } catch (e) {
    // OPFS allows one sync handle per file: the store worker is verifying or deleting it right now.
    if ((e as Error).name === 'NoModificationAllowedError') throw new FileBusyError(path);
    throw e;
  }
}

async function readMeta(store: FileStore, path: string): Promise<FileMeta | null> {
  const file = await openFile(store, metaPath(path), false);
  if (!file) return null;
  const meta = new MetaFile(file);
  try {
    return meta.read();
  } finally {
    meta.close();
  }
}

async function writeMeta(store: FileStore, path: string, record: FileMeta): Promise<void> {
  const meta = new MetaFile((await openFile(store, metaPath(path), true))!);
  try {
    meta.read(); // learns the sequence number, so this write goes to the other slot
    meta.reserve(); // both slots' room up front: a later record never needs more storage
    meta.write(record);
  } finally {
    meta.close();
  }
}

/** The file's size on storage; undefined when it does not exist. */
async function sizeOf(store: FileStore, path: string): Promise<number | undefined> {
  const file = await openFile(store, path, false);
  if (!file) return undefined;
  try {
    return file.getSize();
  } finally {
    file.close();
  }
}

/** A stored file's record and its actual size, or null when either is absent. */
export async function storedRecord(store: FileStore, path: string): Promise<{ meta: FileMeta; size: number } | null> {
  const pair = await openPair(store, path, false);
  if (!pair) return null;
  try {
    const meta = pair.meta.read();
    return meta && { meta, size: pair.data.getSize() };
  } finally {
    pair.data.close();
    pair.meta.close();
  }
}

/** Deletes a store file and its meta (meta first: from then on it is not stored, whatever is left). */
export async function removeStored(store: FileStore, path: string): Promise<void> {
  await store.remove(metaPath(path));
  await store.remove(path);
}

export async function storeCompileOutput(
  store: FileStore,
  target: CompileTarget,
  plans: GraphPlan[],
): Promise<CompileOutput & { checkpoints: CheckpointStore }> {
  const url = `compiled:${target.source}`;
  const byData = new Map<string, { hash: string; totalBytes: number }>();
  for (const p of plans) byData.set(dataFileName(p.fileName), { hash: await planHash(p), totalBytes: layoutOf(p).totalBytes });
  const path = (name: string) => joinPath(target.dir, name);
  const info = (plan: string, tensorsDone: number): CompiledInfo => ({ source: target.source, plan, options: target.options, tensorsDone });

  const checkpoints: CheckpointStore = {
    async load(dataFile) {
      const meta = await readMeta(store, path(dataFile));
      const c = meta?.compiled;
      // Another commit's bytes must not be continued: identical shapes would hide the splice.
      if (!meta || meta.complete || !c || c.source !== target.source) return undefined;
      return { version: 1, plan: c.plan, tensorsDone: c.tensorsDone, bytesWritten: meta.bytesDone, hashState: meta.hashState };
    },
    async save(dataFile, cp) {
      const planned = byData.get(dataFile);
      if (!planned) throw new Error(`${dataFile} is not a data file of this compile`);
      await writeMeta(store, path(dataFile), {
        url,
        bytesDone: cp.bytesWritten,
        hashState: cp.hashState,
        expectedBytes: planned.totalBytes,
        expectedSha256: '',
        complete: false,
        compiled: info(cp.plan, cp.tensorsDone),
      });
    },
    async clear(dataFile) {
      // A complete record (commit wrote it) is not a checkpoint.
      const meta = await readMeta(store, path(dataFile));
      if (meta && !meta.complete) await store.remove(metaPath(path(dataFile)));
    },
  };

  return {
    checkpoints,
    async open(fileName) {
      // The file is about to be (re)written: a complete record of its old contents must go first. A
      // checkpoint (an incomplete data meta) stays: load() has read it and the writer continues from it.
      const meta = await readMeta(store, path(fileName));
      if (meta?.complete) await store.remove(metaPath(path(fileName)));
      return (await openFile(store, path(fileName), true))!;
    },
    async commit(plan, [model, data]) {
      const hash = byData.get(dataFileName(plan.fileName))!.hash;
      for (const entry of [data, model]) {
        const size = await sizeOf(store, path(entry.path));
        if (size !== entry.bytes) throw new Error(`${path(entry.path)}: ${size} bytes on storage after writing ${entry.bytes}`);
        await writeMeta(store, path(entry.path), {
          url,
          bytesDone: entry.bytes,
          hashState: '',
          expectedBytes: entry.bytes,
          expectedSha256: entry.sha256,
          complete: true,
          compiled: info(hash, plan.tensors.length),
        });
      }
    },
  };
}
