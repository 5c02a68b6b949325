// Whole-set installs against the real fixture server (node:http) through the real downloader on a memory
// store: the client below is the store worker's API without the worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../e2e/support/model-server';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { fixtureHubSet } from '../../e2e/support/hub-sets';
import { DEFAULT_HOST } from './hosts';
import { directStore as directClient, type StoreClient } from './store-api';
import { createMemoryStore } from './file-store';
import {
  deleteSet,
  discardPartials,
  installSet,
  setFiles,
  setStatus,
  speedMeter,
  verifySet,
  type SetFile,
  type SetProgress,
} from './set-install';
import { removeFile } from './stored-file';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer(0, { dropDelayMs: 0 });
});
afterAll(() => server.close());

function memoryClient(store = createMemoryStore()) {
  const live = { now: 0, max: 0 };
  const direct = directClient(store);
  const client: StoreClient = {
    ...direct,
    async download(entry, onProgress, signal) {
      live.max = Math.max(live.max, ++live.now);
      try {
        return await direct.download(entry, onProgress, signal);
      } finally {
        live.now--;
      }
    },
  };
  return { client, store, live };
}

let session = 0;
function fixtureFiles(faults: Record<string, string> = {}): SetFile[] {
  const s = `i${++session}`;
  return setFiles(FIXTURE_SET, server.url, server.files).map((f) => ({ ...f, url: `${f.url}?s=${s}&faults=${faults[f.path] ?? ''}` }));
}
const roomy = { estimate: async () => ({ quota: 1e9, usage: 0 }), persist: async () => true };

describe('installSet', () => {
  it('installs every file of the manifest, two at a time, and a second install fetches nothing', async () => {
    const { client, store, live } = memoryClient();
    const files = fixtureFiles();
    const total = server.files.reduce((n, f) => n + f.bytes, 0);
    const events: SetProgress[] = [];
    const r = await installSet(files, client, roomy, { onProgress: (p) => events.push(p) });
    expect(r).toMatchObject({ bytesFetched: total, requests: files.length, failed: [] });
    expect(live.max).toBe(2);
    expect(events.at(-1)).toMatchObject({ bytesDone: total, bytesTotal: total });
    expect(events.map((e) => e.bytesDone)).toEqual([...events.map((e) => e.bytesDone)].sort((a, b) => a - b));
    expect(store.files.has('fixture/tokenizer_2/tokenizer.json')).toBe(true);
    expect(Object.values(await setStatus(files, client)).every((s) => s.kind === 'complete')).toBe(true);
    expect(await installSet(files, client, roomy)).toMatchObject({ bytesFetched: 0, requests: 0 });
  });

  it('refuses a set whose manifest has no hashes, before any byte moves', async () => {
    const { client, store } = memoryClient();
    const files = setFiles(REAL_SET, server.url);
    expect(files.map((f) => f.path)).toContain('webnn/sdxl-turbo/resolve/main/tokenizer_2/tokenizer.json');
    await expect(installSet(files, client, roomy)).rejects.toMatchObject({
      name: 'UnknownHashError',
      message: expect.stringMatching(/expected hash unknown.*unet_model_q4f16\.onnx/),
    });
    expect(store.files.size).toBe(0);
  });

  it('says how much it needs and how much is free when the set cannot fit; persist is asked when it can', async () => {
    const { client, store } = memoryClient();
    const files = fixtureFiles();
    let asked = 0;
    const tight = { estimate: async () => ({ quota: 60_000, usage: 10_000 }), persist: async () => (asked++, true) };
    await expect(installSet(files, client, tight)).rejects.toMatchObject({
      name: 'InsufficientStorageError',
      message: expect.stringMatching(/needs 0\.10 MB more, 0\.05 MB free/),
    });
    expect(store.files.size).toBe(0);
    expect(asked).toBe(0);
    await installSet(files, client, { ...tight, estimate: async () => ({ quota: 1e6, usage: 0 }) });
    expect(asked).toBe(1);
  });

  it('pause keeps partials and resume fetches only the rest; cancel discards partials but keeps complete files', async () => {
    const { client, store } = memoryClient();
    const files = fixtureFiles({ 'image_encoder.onnx': 'stall@6000' });
    const ac = new AbortController();
    const pending = installSet(files, client, roomy, {
      signal: ac.signal,
      onProgress: (p) => p.files['fixture/image_encoder.onnx']?.bytesDone === 6000 && ac.abort(),
    });
    setTimeout(() => ac.abort(), 400); // in case the progress event at the stall was throttled away
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const paused = await setStatus(files, client);
    expect(paused['fixture/image_encoder.onnx']).toEqual({ kind: 'partial', bytesDone: 6000 });

    const total = server.files.reduce((n, f) => n + f.bytes, 0);
    const doneBefore = Object.values(paused).reduce((n, s) => n + s.bytesDone, 0);
    const resumed = await installSet(files, client, roomy);
    expect(resumed.bytesFetched).toBe(total - doneBefore);
    expect((await verifySet(files, client)).every((v) => v.ok)).toBe(true);

    // Cancel: a partial goes, a complete file stays.
    await removeFile(store, 'fixture/unet.onnx');
    const cut = fixtureFiles({ 'unet.onnx': 'truncate@500' });
    const r = await installSet(cut, client, roomy);
    expect(r.failed.map((f) => [f.path, f.error.name])).toEqual([['unet.onnx', 'IncompleteDownloadError']]);
    await discardPartials(cut, client);
    const after = await setStatus(cut, client);
    expect(after['fixture/unet.onnx']).toEqual({ kind: 'missing', bytesDone: 0 });
    expect(after['fixture/dit.onnx'].kind).toBe('complete');
  });

  it('delete returns the space; verify finds a file corrupted after install', async () => {
    const { client, store } = memoryClient();
    const files = fixtureFiles();
    await installSet(files, client, roomy);
    store.files.get('fixture/vae_decoder.onnx')![10] ^= 1;
    const bad = (await verifySet(files, client)).filter((v) => !v.ok).map((v) => v.path);
    expect(bad).toEqual(['fixture/vae_decoder.onnx']);
    expect((await setStatus(files, client))['fixture/vae_decoder.onnx'].kind).toBe('missing');
    await deleteSet(files, client);
    expect(store.files.size).toBe(0);
    expect(Object.values(await setStatus(files, client)).every((s) => s.kind === 'missing')).toBe(true);
  });
});

describe('installSet with sizes and hashes from the host', () => {
  // Hub-layout fixture files with no manifest: everything the store checks comes from the tree listing.
  let n = 0;
  function hubFiles() {
    const id = `hub${++n}`;
    const revision = `r${n}`;
    const set = fixtureHubSet(id, revision);
    // Each test its own revision (a copy of the fixture repository), because changing a file is global.
    for (const f of server.files) {
      const file = f.path.endsWith('.onnx') ? `onnx/${f.path}` : f.path;
      server.hub.add('lumen/fixture', revision, file, server.hub.get('lumen/fixture', 'v1', file)!.bytes);
    }
    const host = { settings: { ...DEFAULT_HOST, kind: 'mirror' as const, mirrorUrl: server.url }, base: server.url };
    return { set, revision, files: setFiles(set, server.url, undefined, host.settings), host };
  }

  it("records the host's hashes, installs and verifies; nothing is fetched without one", async () => {
    const { client, store } = memoryClient();
    const { files, host } = hubFiles();
    expect(files.every((f) => f.sha256 === undefined && f.bytes === undefined)).toBe(true);
    await expect(installSet(files, client, roomy)).rejects.toMatchObject({ name: 'UnknownHashError' });
    expect(store.files.size).toBe(0);
    let described: SetFile[] = [];
    const r = await installSet(files, client, roomy, { host, onFiles: (f) => (described = f) });
    expect(r.failed).toEqual([]);
    expect(described.every((f) => f.hashSource === 'host' && f.bytes! > 0)).toBe(true);
    expect(described).toHaveLength(11); // 9 graphs + 2 tokenizers, as the set declares them
    expect(r.bytesFetched).toBe(described.reduce((t, f) => t + f.bytes!, 0));
    const st = await client.status(described[0].storePath);
    expect(st).toMatchObject({ complete: true, hashSource: 'host', expectedSha256: described[0].sha256 });
    expect((await verifySet(described, client)).every((v) => v.ok)).toBe(true);
  });

  it('a file changed on the host is told, fetched again from zero, and the others are left alone', async () => {
    const { client } = memoryClient();
    const { files, host, revision } = hubFiles();
    const first = await installSet(files, client, roomy, { host });
    const dit = first.files.find((f) => f.path.endsWith('/onnx/dit.onnx'))!;
    server.hub.change('lumen/fixture', revision, 'onnx/dit.onnx');
    const before = server.log.length;
    let sawStale = false;
    const again = await installSet(files, client, roomy, {
      host,
      onProgress: (p) => (sawStale ||= p.files[dit.storePath]?.kind === 'stale'),
    });
    expect(sawStale).toBe(true);
    expect(again.notes).toEqual([expect.stringMatching(/dit\.onnx" changed on the host since it was stored.*from zero/)]);
    expect(again.bytesFetched).toBe(dit.bytes);
    const fetched = server.log.slice(before).filter((x) => x.kind === 'file');
    expect(fetched.map((x) => [x.path.split('/').at(-1), x.range, x.start])).toEqual([['dit.onnx', undefined, 0]]);
    const now = again.files.find((f) => f.path === dit.path)!;
    expect(now.sha256).not.toBe(dit.sha256);
    expect(await client.verify(now.storePath)).toMatchObject({ ok: true, sha256: now.sha256 });
  });
});

describe('speedMeter', () => {
  it('averages over its window and forgets a fast start', () => {
    const m = speedMeter(3000);
    expect(m(0, 0)).toBe(0);
    expect(m(1000, 1e6)).toBe(1e6);
    expect(m(2000, 2e6)).toBe(1e6);
    m(6000, 2e6); // stalled for 4 s
    expect(m(7000, 2e6)).toBe(0);
  });
});
