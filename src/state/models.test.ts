// The models store end to end in Node: the real downloader on a memory store, fed by the fixture server
// (which also serves the real set's files as stand-ins under their Hub names: e2e/support/hub-fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../e2e/support/model-server';
import type { ModelSet } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { directStore as directClient } from '../store/store-api';
import { createMemoryStore } from '../store/file-store';
import type { HostSettings } from '../store/hosts';
import { loadSetFiles, setFiles } from '../store/set-install';
import { createModelsStore } from './models';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer(0, { dropDelayMs: 0 });
});
afterAll(() => server.close());

/** huggingface.co answered by the test server (Node has no such name here); every request is recorded. */
function routedFetch(seen: { url: string; auth?: string }[]): typeof fetch {
  return (input, init) => {
    const url = String(input);
    seen.push({ url, auth: new Headers(init?.headers).get('Authorization') ?? undefined });
    return fetch(url.replace('https://huggingface.co/', server.url), init);
  };
}

function setup(fetchFn?: typeof fetch) {
  const store = createMemoryStore();
  const saved = new Map<string, string>();
  const prefs = {
    getItem: (k: string) => saved.get(k) ?? null,
    setItem: (k: string, v: string) => void saved.set(k, v),
    removeItem: (k: string) => void saved.delete(k),
  };
  const deps = {
    client: directClient(store, fetchFn),
    storage: { estimate: async () => ({ quota: 1e9, usage: [...store.files.values()].reduce((n, f) => n + f.length, 0) }) },
    filesOf: async (set: ModelSet, host: HostSettings) =>
      set.kind === 'fixture' ? setFiles(set, server.url, server.files) : loadSetFiles(set, '', host),
    prefs,
    fetchFn,
  };
  return { store, prefs, deps, use: createModelsStore(deps, [FIXTURE_SET, REAL_SET]) };
}

const realPaths = (store: ReturnType<typeof createMemoryStore>) =>
  [...store.files.keys()].filter((k) => k.startsWith('real/') && !k.endsWith('.meta'));

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

  it('installs the real set from a mirror with sizes and hashes from its listing; the token never goes there', async () => {
    const { use, store, deps } = setup();
    expect(use.getState().setHost({ kind: 'mirror', mirrorUrl: 'not a url', token: '' })).toBe(false);
    expect(use.getState().hostError).toMatch(/not a web address/);
    expect(use.getState().setHost({ kind: 'mirror', mirrorUrl: server.url.replace(/\/$/, ''), token: 'hf_secret' })).toBe(true);
    use.getState().accept('real', true);
    const before = server.log.length;
    await use.getState().install('real');
    const v = use.getState().sets.real;
    expect(v.error).toBeUndefined();
    expect(v.notice).toBe('Installed.');
    // SDXL Turbo's four graphs and two tokenizers, RMBG's graph; PartCrafter's are built on the device.
    expect(v.files?.map((f) => f.path)).toEqual([
      'webnn/sdxl-turbo/resolve/main/onnx/text_encoder_model_q4f16.onnx',
      'webnn/sdxl-turbo/resolve/main/onnx/text_encoder_2_model_q4f16.onnx',
      'webnn/sdxl-turbo/resolve/main/onnx/unet_model_q4f16.onnx',
      'webnn/sdxl-turbo/resolve/main/onnx/vae_decoder_model_q4f16.onnx',
      'briaai/RMBG-1.4/resolve/main/onnx/model.onnx',
      'webnn/sdxl-turbo/resolve/main/tokenizer/tokenizer.json',
      'webnn/sdxl-turbo/resolve/main/tokenizer_2/tokenizer.json',
    ]);
    expect(v.files?.every((f) => f.hashSource === 'host' && (f.sha256 ?? f.gitSha1))).toBe(true);
    expect(v.files?.filter((f) => f.gitSha1).map((f) => f.path.split('/').at(-2))).toEqual(['tokenizer', 'tokenizer_2']);
    expect(realPaths(store)).toHaveLength(7);
    const asked = server.log.slice(before);
    expect(asked.some((r) => r.kind === 'tree')).toBe(true);
    expect(asked.filter((r) => r.authorization !== undefined)).toEqual([]);
    // The host is remembered: a new page starts on the mirror.
    expect(createModelsStore(deps, [FIXTURE_SET, REAL_SET]).getState().host).toMatchObject({ kind: 'mirror', mirrorUrl: server.url });
  });

  it('sends the token to huggingface.co only, and says what to do about a gated repository', async () => {
    const seen: { url: string; auth?: string }[] = [];
    const { use, store } = setup(routedFetch(seen));
    server.gate('briaai/RMBG-1.4', 'hf_good');
    try {
      use.getState().accept('real', true);
      await use.getState().install('real');
      expect(use.getState().sets.real.error).toMatch(
        /briaai\/RMBG-1\.4.*HTTP 401.*is gated: sign in on https:\/\/huggingface\.co\/briaai\/RMBG-1\.4, accept its terms, create a read token/,
      );
      // The gated repository's listing was refused, so its file was not fetched; the others were.
      expect(realPaths(store)).toHaveLength(6);
      expect(use.getState().sets.real.states['real/briaai/RMBG-1.4/resolve/main/onnx/model.onnx']).toMatchObject({ kind: 'error' });

      use.getState().setHost({ kind: 'huggingface', mirrorUrl: '', token: 'hf_wrong' });
      await use.getState().install('real');
      expect(use.getState().sets.real.error).toMatch(/HTTP 403.*no access to briaai\/RMBG-1\.4 yet/);

      seen.length = 0;
      use.getState().setHost({ kind: 'huggingface', mirrorUrl: '', token: 'hf_good' });
      await use.getState().install('real');
      expect(use.getState().sets.real.notice).toBe('Installed.');
      expect(realPaths(store)).toHaveLength(7);
      // The listings are asked again (a revision may move); only the gated file is fetched.
      expect(seen.map((r) => r.url.replace(/\?.*/, ''))).toEqual(
        expect.arrayContaining([
          'https://huggingface.co/api/models/briaai/RMBG-1.4/tree/main/onnx',
          'https://huggingface.co/briaai/RMBG-1.4/resolve/main/onnx/model.onnx',
        ]),
      );
      expect(seen.filter((r) => r.url.includes('/resolve/'))).toHaveLength(1);
      expect(seen.every((r) => r.url.startsWith('https://huggingface.co/') && r.auth === 'Bearer hf_good')).toBe(true);
    } finally {
      server.gate('briaai/RMBG-1.4', null);
    }
  });
});
