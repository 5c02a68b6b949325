// Node side of a compile: a checkpoint folder on disk and an output folder of files (CLI and tests).
import { existsSync, openAsBlob, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointSource } from './checkpoint';
import type { CheckpointStore, CompileOutput } from './compile';
import { nodeFileSink } from './node-sink';
import { blobSource } from './safetensors';
import type { CompileCheckpoint } from './write-graph';

export function dirCheckpointSource(root: string): CheckpointSource {
  return {
    location: root,
    json: async (path) => (existsSync(join(root, path)) ? JSON.parse(readFileSync(join(root, path), 'utf8')) : undefined),
    file: async (path) => (existsSync(join(root, path)) ? blobSource(await openAsBlob(join(root, path))) : undefined),
  };
}

/** `<data file>.checkpoint.json` beside the data, replaced atomically (write, then rename). */
export function dirCheckpointStore(dir: string): CheckpointStore {
  const path = (dataFile: string) => join(dir, `${dataFile}.checkpoint.json`);
  return {
    async load(dataFile) {
      try {
        return JSON.parse(readFileSync(path(dataFile), 'utf8')) as CompileCheckpoint;
      } catch {
        return undefined;
      }
    },
    async save(dataFile, cp) {
      writeFileSync(`${path(dataFile)}.tmp`, JSON.stringify(cp));
      renameSync(`${path(dataFile)}.tmp`, path(dataFile));
    },
    async clear(dataFile) {
      rmSync(path(dataFile), { force: true });
    },
  };
}

export function dirOutput(dir: string): CompileOutput {
  return { open: async (fileName) => nodeFileSink(join(dir, fileName)), checkpoints: dirCheckpointStore(dir) };
}
