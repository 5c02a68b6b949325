// The models store end to end in Node: the real downloader on a memory store, fed by the fixture server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../e2e/support/model-server';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { downloadFile } from '../store/download';
import { createMemoryStore } from '../store/file-store';
import { setFiles, type StoreClient } from '../store/set-install';
import type { ModelSet } from '../../models/model-set';
import { fileStatus, removeFile, verifyFile } from '../store/stored-file';
import { createModelsStore } from './models';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer(0, { dropDelayMs: 0 });
});
afterAll(() => server.close());

function setup() {
  const store = createMemoryStore();
  const saved = new Map<string, string>();
  const prefs = { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v), removeItem: (k: string) => void saved.delete(k) };
  const client: StoreClient = {
    download: (entry, onProgress, signal) => downloadFile(store, entry, { onProgress, signal }),
    status: (p) => fileStatus(store, p),
    remove: (p) => removeFile(store, p),
    verify: (p) => verifyFile(store, p),
  };
  const deps = {
    client,
    storage: { estimate: async () => ({ quota: 1e9, usage: [...store.files.values()].reduce((n, f) => n + f.length, 0) }) },
    filesOf: async (set: ModelSet) => (set.kind === 'fixture' ? setFiles(set, server.url, server.files) : setFiles(set, server.url)),
    prefs,
  };
  return { store, prefs, deps, use: createModelsStore(deps, [FIXTURE_SET, REAL_SET]) };
}

describe('models store', () => {
  it('will not download before the licence is accepted, then installs, remembers, and deletes', async () => {
    const { use, store, deps } = setup();
    await use.getState().install('fixture');
    expect(use.getState().sets.fixture.error).toMatch(/Accept the licence/);
    expect(store.files.size).toBe(0);

    use.getState().accept('fixture', true);
    await use.getState().install('fixture');
    const v = use.getState().sets.fixture;
    expect(v).toMatchObject({ phase: 'idle', error: undefined, notice: 'Installed.' });
    expect(Object.values(v.states).every((s) => s.kind === 'complete')).toBe(true);
    expect(Object.keys(v.states)).toHaveLength(server.files.length);
    expect(use.getState().storage?.usage).toBeGreaterThan(server.files.reduce((n, f) => n + f.bytes, 0)); // data + metas

    // A new page (same storage and prefs): acceptance and completed files are found, nothing is fetched.
    const again = createModelsStore(deps, [FIXTURE_SET, REAL_SET]);
    expect(again.getState().sets.fixture.accepted).toBe(true);
    await again.getState().install('fixture');
    expect(again.getState().sets.fixture.notice).toMatch(/nothing was downloaded/);

    await again.getState().remove('fixture');
    expect(Object.values(again.getState().sets.fixture.states).every((s) => s.kind === 'missing')).toBe(true);
    expect(store.files.size).toBe(0);
  });

  it('shows why the real set cannot be installed yet', async () => {
    const { use } = setup();
    use.getState().accept('real', true);
    await use.getState().install('real');
    expect(use.getState().sets.real.error).toMatch(/expected hash unknown/);
  });
});
