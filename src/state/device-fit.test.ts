// The device-fit store over a memory store: with the fixture set installed on a GPU without shader-f16,
// derive() makes all four float32 variants (the real derivation), and the fit then puts them on WebGPU.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../models/convert/byte-source';
import { FIXTURE_SET } from '../../models/sets/fixture';
import type { Capabilities } from '../runtime/capabilities';
import { completeStoredFile } from '../runtime/stored-files';
import { dirOver, storeComplete } from '../runtime/test/memory-dir';
import { halfGraphs, storedVariants } from '../runtime/variants';
import { deriveVariant } from '../jobs/derive-variant';
import { createMemoryStore } from '../store/file-store';
import { storePathOf } from '../store/set-install';
import { createDeviceFitStore, type DeriveStatus } from './device-fit';

const FIXTURE_DIR = fileURLToPath(new URL('../../public/models/fixture/', import.meta.url));
// WebGPU forced, as the e2e tests do: left to itself the app puts a software adapter's graphs on wasm and derives nothing.
const swiftshader: Capabilities = {
  webgpu: true,
  shaderF16: false,
  crossOriginIsolated: true,
  threads: 2,
  adapterName: 'google swiftshader',
  softwareAdapter: 'SwiftShader',
  forceProvider: 'webgpu',
};

async function setup(install: boolean) {
  const store = createMemoryStore();
  if (install) {
    for (const key of halfGraphs(FIXTURE_SET)) {
      const p = FIXTURE_SET.graphs[key].path;
      await storeComplete(store, storePathOf('fixture', p), new Uint8Array(await readFile(FIXTURE_DIR + p)));
    }
  }
  const dir = () => dirOver(store.files);
  const seen: DeriveStatus[] = [];
  const fits = createDeviceFitStore(
    {
      caps: async () => swiftshader,
      variants: (set) => storedVariants(dir(), set),
      installed: async (set, key) => !!(await completeStoredFile(dir(), storePathOf(set.id, set.graphs[key].path))),
      async derive(setId, key, onProgress, signal) {
        const original = (await completeStoredFile(dir(), storePathOf(setId, FIXTURE_SET.graphs[key].path)))!;
        const bytes = new Uint8Array(await original.file.arrayBuffer());
        return deriveVariant(
          store,
          memorySource(bytes),
          { setId, graphPath: FIXTURE_SET.graphs[key].path, sourceSha256: original.meta.expectedSha256 },
          {
            signal,
            onProgress: (p) => onProgress({ key, ...p }),
          },
        );
      },
    },
    [FIXTURE_SET],
  );
  fits.subscribe((s) => {
    const p = s.sets.fixture.progress;
    if (p && seen.at(-1) !== p) seen.push(p);
  });
  return { store, fits, seen };
}

describe('device-fit store', () => {
  it('derives the four float32 variants of an installed set, with progress, and then fits them on WebGPU', async () => {
    const { fits, seen } = await setup(true);
    await fits.getState().refresh('fixture');
    expect(fits.getState().sets.fixture.fit!.deriveWanted).toHaveLength(4);
    await fits.getState().derive('fixture');
    const view = fits.getState().sets.fixture;
    expect(view).toMatchObject({ phase: 'idle', notice: 'Derived 4 float32 graphs for this GPU.' });
    expect(view.fit!.deriveWanted).toEqual([]);
    for (const key of halfGraphs(FIXTURE_SET))
      expect(view.fit!.graphs[key]).toMatchObject({ variant: 'float32', providers: ['webgpu', 'wasm'] });
    expect(seen.map((p) => `${p.key} ${p.index}/${p.count}`)).toEqual(expect.arrayContaining(['textEncoder 1/4', 'vaeDecoder 4/4']));
    expect(seen.some((p) => p.bytesTotal > 0 && p.bytesDone === p.bytesTotal)).toBe(true);
  });

  it('says the set must be installed first when its float16 graphs are not stored', async () => {
    const { fits, store } = await setup(false);
    await fits.getState().derive('fixture');
    expect(fits.getState().sets.fixture.notice).toMatch(/Install the set first/);
    expect(store.files.size).toBe(0);
  });
});
