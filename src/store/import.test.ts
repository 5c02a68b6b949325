// Import from disk in Node: matching picked files to a set, and copying them through the real store
// code (memory store) with size and hash checks. Picked files are Node Blobs over the fixture bytes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureHubSet } from '../../e2e/support/hub-sets';
import { startModelServer, type ModelServer } from '../../e2e/support/model-server';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { directStore as directClient } from './store-api';
import { createMemoryStore } from './file-store';
import { DEFAULT_HOST } from './hosts';
import { matchImport, type PickedFile } from './import-match';
import { importSet } from './set-import';
import { setFiles, setStatus } from './set-install';

const DIR = new URL('../../public/models/fixture/', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, DIR));
const pick = (path: string, bytes: Uint8Array = read(path.split('/').slice(1).join('/'))): PickedFile => ({
  path,
  file: new Blob([bytes.slice()]),
});

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer(0, { dropDelayMs: 0 });
});
afterAll(() => server.close());

const fixtureFiles = () => setFiles(FIXTURE_SET, server.url, server.files);
const roomy = { estimate: async () => ({ quota: 1e9, usage: 0 }) };

describe('matchImport', () => {
  it('matches by path under the chosen folder, by name when unique, and lists what does not fit', () => {
    const files = fixtureFiles();
    const picked = [
      pick('fixture/unet.onnx'),
      pick('fixture/tokenizer/tokenizer.json'),
      pick('fixture/tokenizer_2/tokenizer.json'),
      pick('dit.onnx', read('dit.onnx')), // picked on its own: matched by its unique name
      pick('tokenizer.json', read('tokenizer/tokenizer.json')), // two set files have this name: no guess
      pick('fixture/vae_kv.onnx', new Uint8Array(3)), // right name, wrong size
      pick('fixture/notes.txt', new Uint8Array(4)),
    ];
    const plan = matchImport(files, picked);
    expect(plan.matched.map((m) => [m.target.path, m.picked.path])).toEqual([
      ['unet.onnx', 'fixture/unet.onnx'],
      ['dit.onnx', 'dit.onnx'],
      ['tokenizer/tokenizer.json', 'fixture/tokenizer/tokenizer.json'],
      ['tokenizer_2/tokenizer.json', 'fixture/tokenizer_2/tokenizer.json'],
    ]);
    expect(plan.wrongSize.map((m) => m.target.path)).toEqual(['vae_kv.onnx']);
    expect(plan.unused.map((p) => p.path)).toEqual(['tokenizer.json', 'fixture/notes.txt']);
    expect(plan.missing.map((f) => f.path)).toContain('image_encoder.onnx');
  });

  it('matches a Hub download folder (repo name and revision folders in the path) to Hub paths', () => {
    const files = setFiles(fixtureHubSet(), server.url);
    const plan = matchImport(files, [
      pick('models/fixture/onnx/rmbg.onnx', read('rmbg.onnx')),
      pick('x/tokenizer_2/tokenizer.json', read('tokenizer_2/tokenizer.json')),
    ]);
    expect(plan.matched.map((m) => m.target.path)).toEqual([
      'lumen/fixture/resolve/v1/onnx/rmbg.onnx',
      'lumen/fixture/resolve/v1/tokenizer_2/tokenizer.json',
    ]);
  });
});

describe('importSet', () => {
  it('copies matching files, refuses a corrupt one by name, and the result verifies like a download', async () => {
    const store = createMemoryStore();
    const client = directClient(store);
    const bad = Uint8Array.from(read('vae_decoder.onnx'));
    bad[1000] ^= 1;
    const picked = [
      ...['unet.onnx', 'dit.onnx', 'tokenizer/tokenizer.json'].map((p) => pick(`fixture/${p}`)),
      pick('fixture/vae_decoder.onnx', bad),
      pick('fixture/unet.onnx.bak', new Uint8Array(10)),
    ];
    const files = fixtureFiles();
    const r = await importSet(files, picked, client, roomy);
    expect(r.imported).toEqual(['unet.onnx', 'dit.onnx', 'tokenizer/tokenizer.json']);
    expect(r.problems).toEqual([
      {
        path: 'vae_decoder.onnx',
        message: expect.stringMatching(
          /The picked "fixture\/vae_decoder\.onnx" is not "fixture\/vae_decoder\.onnx": its hash is [0-9a-f]{64}, expected [0-9a-f]{64}\. Nothing was copied/,
        ),
      },
    ]);
    expect(r.unused).toEqual(['fixture/unet.onnx.bak']);
    expect(r.missing).toContain('rmbg.onnx');
    expect(store.files.has('fixture/vae_decoder.onnx')).toBe(false);
    const states = await setStatus(files, client);
    expect(states['fixture/unet.onnx']).toEqual({ kind: 'complete', bytesDone: read('unet.onnx').length });
    expect(await client.verify('fixture/dit.onnx')).toMatchObject({ ok: true });
    // An import is a download that already happened: installing afterwards fetches only the rest.
    const again = await importSet(files, [pick('fixture/unet.onnx')], client, roomy);
    expect(again).toMatchObject({ imported: [], already: ['unet.onnx'] });
  });

  it('takes hashes from the host when it can be asked, and says so when a file cannot be verified', async () => {
    const store = createMemoryStore();
    const files = setFiles(fixtureHubSet(), server.url);
    const host = { settings: { ...DEFAULT_HOST, kind: 'mirror' as const, mirrorUrl: server.url }, base: server.url };
    const r = await importSet(files, [pick('m/onnx/rmbg.onnx', read('rmbg.onnx'))], directClient(store), roomy, { host });
    expect(r.imported).toEqual(['lumen/fixture/resolve/v1/onnx/rmbg.onnx']);
    const offline = { ...host, base: 'http://127.0.0.1:9/', settings: { ...host.settings, mirrorUrl: 'http://127.0.0.1:9/' } };
    const r2 = await importSet(
      setFiles(fixtureHubSet(), 'http://127.0.0.1:9/'),
      [pick('m/onnx/dit.onnx', read('dit.onnx'))],
      directClient(store),
      roomy,
      { host: offline },
    );
    expect(r2.imported).toEqual([]);
    expect(r2.problems).toEqual([
      {
        path: 'lumen/fixture/resolve/v1/onnx/dit.onnx',
        message: expect.stringMatching(/expected hash is unknown.*Could not get the expected size and hash/),
      },
    ]);
  });

  it('refuses an import that cannot fit before copying anything', async () => {
    const store = createMemoryStore();
    const tight = { estimate: async () => ({ quota: 10_000, usage: 0 }) };
    await expect(importSet(fixtureFiles(), [pick('fixture/image_encoder.onnx')], directClient(store), tight)).rejects.toMatchObject({
      name: 'InsufficientStorageError',
      message: expect.stringMatching(/needs 0\.04 MB more, 0\.01 MB free/),
    });
    expect(store.files.size).toBe(0);
  });
});
