// The "Compile PartCrafter" state in Node, driving the compile API the worker exposes (the same code)
// over a memory store, against a Hub-shaped test server with a tiny checkpoint: variant from the
// device, licence first, sizes from the headers, pause and a resume after a "reload" (a new state over
// the same storage), cancel, and a header mismatch named.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renamedTensor, writeTinyLayout } from '../../models/compiler/test/tiny-layout';
import { useServedCheckpoint } from '../../models/compiler/test/served-checkpoint';
import type { Capabilities } from '../runtime/capabilities';
import { REAL_SET } from '../../models/sets/real';
import { compileApi } from '../jobs/compile-api';
import { madeOnDevicePaths } from '../jobs/compiled-paths';
import { directStore as storeClient } from '../store/store-api';
import { createMemoryStore } from '../store/file-store';
import { loadSetFiles } from '../store/set-install';
import { directClient } from '../leaf/jobs';
import { allCompiled, createCompileStore } from './compile';
import { createModelsStore } from './models';

const COMMIT = 'c'.repeat(40);
const NO_F16: Capabilities = { webgpu: true, shaderF16: false, crossOriginIsolated: true, threads: 2, adapterName: 'test adapter' };
const served = useServedCheckpoint(COMMIT);

function prefs() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

function stateOver(files: ReturnType<typeof createMemoryStore>, p = prefs()) {
  return createCompileStore({
    client: directClient(compileApi(files)),
    caps: async () => NO_F16,
    host: () => ({ base: served.server().url }),
    prefs: p,
  });
}

/** Pauses the first time the progress reaches graph `k` (1-based). */
function pauseAt(state: ReturnType<typeof stateOver>, k: number) {
  let done = false;
  state.subscribe((s) => {
    if (!done && (s.sets.real.progress?.graphIndex ?? -1) + 1 === k) {
      done = true;
      s.pause('real');
    }
  });
}

const kinds = (state: ReturnType<typeof stateOver>) => state.getState().sets.real.graphs?.map((g) => g.state.kind);

describe('compile state', () => {
  it('variant from the device, licence first, sizes from the headers, pause, resume after a reload', async () => {
    const files = createMemoryStore();
    const p = prefs();
    const state = stateOver(files, p);
    await state.getState().refresh('real');
    const view = () => state.getState().sets.real;
    expect(view().choice?.options.variant).toBe('f32');
    expect(view().choice?.reason).toMatch(/no shader-f16/);
    expect(kinds(state)).toEqual(['missing', 'missing', 'missing', 'missing']);

    await state.getState().compile('real');
    expect(view().error).toMatch(/Accept the licence terms/);
    expect(files.files.size).toBe(0);

    await state.getState().inspect('real');
    const s = view().inspection!;
    expect(s.commit).toBe(COMMIT);
    expect(s.location).toBe(`${served.server().url}wgsxm/PartCrafter/resolve/${COMMIT}/`);
    expect(s.summary.readBytes).toBeGreaterThan(0);
    expect(s.summary.writeBytes).toBe(s.summary.graphs.reduce((n, g) => n + g.writeBytes, 0));

    state.getState().accept('real', true);
    served.server().delayMs = 5;
    pauseAt(state, 2);
    // While the worker holds the files, the rows follow its events.
    const seen = new Set<string>();
    state.subscribe((st) => st.sets.real.phase === 'compiling' && seen.add(st.sets.real.graphs!.map((g) => g.state.kind).join()));
    await state.getState().compile('real');
    served.server().delayMs = 0;
    expect(seen).toContain('partial,missing,missing,missing');
    expect(seen).toContain('complete,partial,missing,missing');
    expect(view().notice).toMatch(/^Paused/);
    expect(view().error).toBeUndefined();
    expect(kinds(state)?.[0]).toBe('complete');
    expect(kinds(state)?.slice(1)).toEqual(['partial', 'missing', 'missing']);
    const pausedAt = view().progress!;
    expect(pausedAt).toMatchObject({ graphIndex: 1, graphCount: 4, key: 'dit' });

    // A reload: new state, same storage and remembered acceptance.
    const again = stateOver(files, p);
    await again.getState().refresh('real');
    expect(again.getState().sets.real.accepted).toBe(true);
    expect(kinds(again)?.[0]).toBe('complete');
    await again.getState().compile('real');
    const end = again.getState().sets.real;
    expect(end.error).toBeUndefined();
    expect(end.notice).toMatch(/^Compiled/);
    expect(end.progress).toMatchObject({ graphIndex: 3, graphCount: 4, key: 'vaeQuery' });
    expect(end.progress!.tensor).toBe(end.progress!.tensorCount);
    expect(allCompiled(end.graphs, end.choice)).toBe(true);
    // The whole compile wrote what the headers said it would.
    const written = [...files.files].filter(([k]) => !k.endsWith('.meta')).reduce((n, [, b]) => n + b.length, 0);
    expect(written).toBe(s.summary.writeBytes);
  });

  it('cancel after a pause deletes the unfinished graphs and their checkpoints', async () => {
    const files = createMemoryStore();
    const state = stateOver(files);
    state.getState().accept('real', true);
    served.server().delayMs = 5;
    pauseAt(state, 2);
    await state.getState().compile('real');
    served.server().delayMs = 0;
    await state.getState().cancel('real');
    expect(state.getState().sets.real.notice).toMatch(/^Cancelled/);
    expect(kinds(state)).toEqual(['complete', 'missing', 'missing', 'missing']);
    expect([...files.files.keys()].every((k) => k.includes('/image_encoder.onnx'))).toBe(true);
  });

  it('a checkpoint whose header was renamed: the error names the tensor, nothing is written', async () => {
    const broken = join(served.dir, 'renamed');
    writeTinyLayout(broken, renamedTensor('vae/diffusion_pytorch_model.safetensors', 'decoder.blocks.0.attn1.to_q.weight'));
    served.server().setRoot(broken);
    try {
      const files = createMemoryStore();
      const state = stateOver(files);
      await state.getState().refresh('real');
      await state.getState().inspect('real');
      expect(state.getState().sets.real.error).toMatch(
        /vae\/diffusion_pytorch_model\.safetensors: 1 missing[\s\S]*missing: decoder\.blocks\.0\.attn1\.to_q\.weight/,
      );
      expect(files.files.size).toBe(0);
    } finally {
      served.server().setRoot(served.layout());
    }
  });

  it('the set’s verify re-hashes the compiled files and its delete removes them', async () => {
    const files = createMemoryStore();
    const state = stateOver(files);
    state.getState().accept('real', true);
    await state.getState().compile('real');
    expect(state.getState().sets.real.notice).toMatch(/^Compiled/);
    const models = createModelsStore(
      {
        client: storeClient(files),
        filesOf: (set, host) => loadSetFiles(set, '', host),
        derivedPaths: madeOnDevicePaths,
      },
      [REAL_SET],
    );
    await models.getState().verify('real');
    expect(models.getState().sets.real.notice).toBe('All stored files verified.');
    // A damaged compiled file is caught by the set's verify like a damaged download.
    files.files.get('real/compiled/partcrafter/vae_kv.onnx.data')![100] ^= 0xff;
    await models.getState().verify('real');
    expect(models.getState().sets.real.error).toMatch(/1 file\(s\) failed verification .*real\/compiled\/partcrafter\/vae_kv\.onnx\.data/);
    await models.getState().remove('real');
    expect(files.files.size).toBe(0);
  });
});
