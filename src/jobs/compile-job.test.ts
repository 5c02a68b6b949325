// The compile as the app runs it, in Node: the real set's PartCrafter graphs compiled from a tiny
// checkpoint in the official layout into a model store (the in-memory FileStore, the same sync-handle
// interface the worker uses on OPFS). The files equal the Node CLI's byte for byte, their metas are
// complete store records the store's own status and verify accept, and a compile stopped part-way and
// resumed from what storage kept (a "reload": a fresh store over the same bytes) ends identical without
// reading finished tensors again.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointSource } from '../../models/compiler/checkpoint';
import { runCli } from '../../models/compiler/cli';
import { dirCheckpointSource } from '../../models/compiler/node-checkpoint';
import { resolveOptions } from '../../models/compiler/options';
import { openSafetensors, memorySource } from '../../models/compiler/safetensors';
import { tempDir } from '../../models/compiler/test/run-compiled';
import { renamedTensor, WEIGHT_FILES, writeTinyLayout } from '../../models/compiler/test/tiny-layout';
import { REAL_SET } from '../../models/sets/real';
import { compileSet, type CompileEvent } from './compile-job';
import { compiledStates, removeCompiledGraphs } from './compile-state';
import { compiledStorePaths } from './compiled-paths';
import { createMemoryStore } from '../store/file-store';
import { fileStatus, verifyFile } from '../store/stored-file';

const OPTIONS = resolveOptions({ variant: 'f32' });
const DIR = 'real/compiled/partcrafter/';
const tmp = tempDir();
let layout: string;
let expected: { path: string; bytes: number; sha256: string }[];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  layout = join(tmp.dir, 'ck');
  writeTinyLayout(layout);
  const out = join(tmp.dir, 'cli');
  const errors: string[] = [];
  expect(await runCli(['--source', layout, '--out', out, '--variant', 'f32'], { log: () => undefined, error: (l) => errors.push(l) })).toBe(
    0,
  );
  expect(errors).toEqual([]);
  expected = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files;
  for (const f of expected) expect(sha(readFileSync(join(out, f.path)))).toBe(f.sha256);
});
afterAll(() => tmp.remove());

/** The layout folder as a source that records every byte range read, per file. */
function recording(root: string): { source: CheckpointSource; reads: { path: string; offset: number; length: number }[] } {
  const inner = dirCheckpointSource(root);
  const reads: { path: string; offset: number; length: number }[] = [];
  return {
    reads,
    source: {
      ...inner,
      file: async (path, signal) => {
        const f = await inner.file(path, signal);
        return (
          f && { size: () => f.size(), read: (offset, length, s) => (reads.push({ path, offset, length }), f.read(offset, length, s)) }
        );
      },
    },
  };
}

/** Names of the tensors whose bytes a list of reads covered, in one weight file. */
async function tensorsRead(file: keyof typeof WEIGHT_FILES, reads: { path: string; offset: number }[]): Promise<Set<string>> {
  const st = await openSafetensors(memorySource(WEIGHT_FILES[file]));
  const at = new Map([...st.header.tensors.values()].map((t) => [t.byteOffset, t.name]));
  return new Set(reads.filter((r) => r.path === file && at.has(r.offset)).map((r) => at.get(r.offset)!));
}

/** Compiles until the DiT's tensor `index` is written, then aborts (as Pause does). */
async function stopInDit(store: ReturnType<typeof createMemoryStore>, index: number): Promise<unknown> {
  const controller = new AbortController();
  return compileSet(store, REAL_SET, dirCheckpointSource(layout), OPTIONS, {
    signal: controller.signal,
    onProgress: (e) => e.status === 'tensor' && e.key === 'dit' && e.index === index && controller.abort(),
  }).catch((e: Error) => e);
}

const stored = (store: ReturnType<typeof createMemoryStore>) =>
  expected.map((f) => ({
    path: f.path,
    bytes: store.files.get(DIR + f.path)?.length,
    sha256: sha(store.files.get(DIR + f.path) ?? new Uint8Array()),
  }));

describe('compiling the real set into the model store', () => {
  it('writes the CLI’s bytes, with complete metas the store’s status and verify accept', async () => {
    const store = createMemoryStore();
    const events: CompileEvent[] = [];
    const summary = await compileSet(store, REAL_SET, dirCheckpointSource(layout), OPTIONS, { onProgress: (e) => events.push(e) });
    expect(stored(store)).toEqual(expected);
    expect(summary.writeBytes).toBe(expected.reduce((n, f) => n + f.bytes, 0));
    expect(summary.readBytes).toBeGreaterThan(0);
    // Each source tensor once; the VAE file's encoder and DINO's mask token are never read.
    expect(summary.readBytes).toBeLessThan(summary.checkpointBytes);
    for (const path of compiledStorePaths(REAL_SET)) {
      expect(await fileStatus(store, path)).toMatchObject({ complete: true });
      expect(await verifyFile(store, path)).toMatchObject({ ok: true });
    }
    expect((await compiledStates(store, REAL_SET)).map((g) => g.state.kind)).toEqual(['complete', 'complete', 'complete', 'complete']);
    // One progress stream: graph k/4, tensor i/n, bytes over the whole compile.
    const tensors = events.filter((e) => e.status === 'tensor');
    expect(new Set(tensors.map((e) => `${e.graphIndex + 1}/${e.graphCount}`))).toEqual(new Set(['1/4', '2/4', '3/4', '4/4']));
    const last = tensors.at(-1)!;
    expect(last.index + 1).toBe(last.count);
    expect(tensors.every((e, i) => i === 0 || e.bytesDone >= tensors[i - 1].bytesDone)).toBe(true);
    expect(events.at(-1)).toEqual({ status: 'done', compiled: 4, skipped: 0 });

    // Compiling again finds every graph up to date and writes nothing.
    const again: CompileEvent[] = [];
    await compileSet(store, REAL_SET, dirCheckpointSource(layout), OPTIONS, { onProgress: (e) => again.push(e) });
    expect(again.filter((e) => e.status === 'tensor')).toEqual([]);
    expect(again.at(-1)).toEqual({ status: 'done', compiled: 0, skipped: 4 });
  });

  it('stopped in the DiT and resumed after a reload: identical bytes and SHA-256, finished tensors not read again', async () => {
    const first = createMemoryStore();
    const stopAt = 7;
    expect(((await stopInDit(first, stopAt)) as Error).name).toBe('AbortError');
    const states = await compiledStates(first, REAL_SET);
    expect(states.map((g) => g.state.kind)).toEqual(['complete', 'partial', 'missing', 'missing']);
    expect(states[1].state).toMatchObject({ kind: 'partial', tensorsDone: stopAt + 1, options: OPTIONS });
    // The store sees the checkpointed data file as a partial, like a download.
    expect(await fileStatus(first, `${DIR}dit.onnx.data`)).toMatchObject({ complete: false });
    expect(await fileStatus(first, `${DIR}dit.onnx`)).toBeNull();

    const reloaded = createMemoryStore();
    for (const [p, b] of first.files) reloaded.files.set(p, b.slice());
    const { source, reads } = recording(layout);
    await compileSet(reloaded, REAL_SET, source, OPTIONS);
    expect(stored(reloaded)).toEqual(expected);
    // The image encoder was not compiled again (only the headers of its file were read) ...
    expect(await tensorsRead('image_encoder_dinov2/model.safetensors', reads)).toEqual(new Set());
    // ... and the DiT's first tensors (checkpointed) were not read again, its later ones were.
    const dit = await tensorsRead('transformer/diffusion_pytorch_model.safetensors', reads);
    expect(dit.has('time_proj.linear_1.weight')).toBe(false);
    expect(dit.has('time_proj.linear_2.weight')).toBe(false);
    expect(dit.has('proj_in.weight')).toBe(true);
    expect(dit.has('proj_out.weight')).toBe(true);
  });

  it('cancel deletes the unfinished graphs with their checkpoints and keeps the finished ones', async () => {
    const store = createMemoryStore();
    await stopInDit(store, 3);
    expect(await removeCompiledGraphs(store, REAL_SET, 'unfinished')).toEqual(['dit']);
    expect([...store.files.keys()].sort()).toEqual([
      `${DIR}image_encoder.onnx`,
      `${DIR}image_encoder.onnx.data`,
      `${DIR}image_encoder.onnx.data.meta`,
      `${DIR}image_encoder.onnx.meta`,
    ]);
    // Delete takes the finished ones too.
    expect(await removeCompiledGraphs(store, REAL_SET, 'all')).toEqual(['imageEncoder']);
    expect(store.files.size).toBe(0);
  });

  it('does not continue a checkpoint made from another source; it starts that graph over', async () => {
    const store = createMemoryStore();
    await stopInDit(store, 3);
    const moved = join(tmp.dir, 'moved');
    cpSync(layout, moved, { recursive: true });
    const { source, reads } = recording(moved);
    await compileSet(store, REAL_SET, source, OPTIONS);
    expect(stored(store)).toEqual(expected);
    expect((await tensorsRead('transformer/diffusion_pytorch_model.safetensors', reads)).has('time_proj.linear_1.weight')).toBe(true);
    expect((await compiledStates(store, REAL_SET)).every((g) => g.state.kind === 'complete' && g.state.source === moved)).toBe(true);
  });

  it('names the tensor a failed read stopped on, and keeps what was written before it', async () => {
    const store = createMemoryStore();
    const inner = dirCheckpointSource(layout);
    const st = await openSafetensors(memorySource(WEIGHT_FILES['vae/diffusion_pytorch_model.safetensors']));
    const bad = st.info('decoder.blocks.1.ff.net.2.weight');
    const source: CheckpointSource = {
      ...inner,
      file: async (path, signal) => {
        const f = await inner.file(path, signal);
        if (!f || !path.startsWith('vae/')) return f;
        return {
          size: () => f.size(),
          read: async (o, n, s) => (o === bad.byteOffset ? Promise.reject(new Error('connection reset')) : f.read(o, n, s)),
        };
      },
    };
    const err = (await compileSet(store, REAL_SET, source, OPTIONS).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('CompileStepError');
    expect(err.message).toMatch(/^Compiling vae_kv\.onnx stopped at tensor "[^"]*decoder\.blocks\.1\.ff\.net\.2[^"]*".*: connection reset/);
    expect((await compiledStates(store, REAL_SET)).map((g) => g.state.kind)).toEqual(['complete', 'complete', 'partial', 'missing']);
  });

  it('refuses before writing when the checkpoint’s headers do not match, naming the tensor', async () => {
    const broken = join(tmp.dir, 'renamed');
    writeTinyLayout(
      broken,
      renamedTensor('transformer/diffusion_pytorch_model.safetensors', 'blocks.2.attn2.to_k.weight', 'blocks.2.attn2.to_kv.weight'),
    );
    const store = createMemoryStore();
    const err = (await compileSet(store, REAL_SET, dirCheckpointSource(broken), OPTIONS).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('CheckpointError');
    expect(err.message).toMatch(/missing: blocks\.2\.attn2\.to_k\.weight/);
    expect(store.files.size).toBe(0);
  });

  it('refuses before writing when the browser has less room than the compile writes', async () => {
    const store = createMemoryStore(10_000);
    const err = (await compileSet(store, REAL_SET, dirCheckpointSource(layout), OPTIONS).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('InsufficientStorageError');
    expect(err.message).toMatch(/needs .* more, 0\.01 MB free/);
    expect(store.files.size).toBe(0);
  });
});
