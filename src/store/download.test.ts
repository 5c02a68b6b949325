// The downloader against the real fixture server (node:http, real sockets and faults) on a memory store.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitBlobSha1, sha256Hex } from '../../e2e/support/hub-fixture';
import { startModelServer, type ModelServer } from '../../e2e/support/model-server';
import { downloadFile, type StoreEntry } from './download';
import { createMemoryStore } from './file-store';
import { fileStatus, verifyFile } from './stored-file';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer(0, { dropDelayMs: 0 });
});
afterAll(() => server.close());

const FILE = 'image_encoder.onnx'; // the largest fixture file (~39 kB)
let session = 0;

function entry(faults = '', file = FILE): StoreEntry {
  const f = server.files.find((x) => x.path === file)!;
  const s = `u${++session}`;
  return { path: `fixture/${file}`, url: `${server.url}${file}?s=${s}&faults=${faults}`, bytes: f.bytes, sha256: f.sha256 };
}
const served = (e: StoreEntry) => server.log.filter((r) => e.url.includes(`s=${r.session}&`));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('downloadFile', () => {
  it('downloads, marks complete, verifies, and does not fetch a complete file again', async () => {
    const store = createMemoryStore();
    const e = entry();
    const events: number[] = [];
    const r = await downloadFile(store, e, { onProgress: (p) => events.push(p.bytesDone) });
    expect(r).toMatchObject({ bytes: e.bytes, sha256: e.sha256, resumedFrom: 0, requests: 1 });
    expect(events.at(-1)).toBe(e.bytes);
    expect(sha(store.files.get(e.path)!)).toBe(e.sha256);
    expect(await fileStatus(store, e.path)).toMatchObject({ complete: true, bytesDone: e.bytes });
    expect(await verifyFile(store, e.path)).toMatchObject({ ok: true, sha256: e.sha256 });
    expect((await downloadFile(store, e)).requests).toBe(0);
  });

  it('resumes after drops with Range + If-Range, fetching only the missing bytes', async () => {
    const store = createMemoryStore();
    const offsets = [1000, 7000, 15000, 22222, 38000];
    const e = entry(offsets.map((o) => `drop@${o}`).join(','));
    for (const o of offsets) {
      await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'DownloadNetworkError' });
      expect((await fileStatus(store, e.path))?.bytesDone).toBe(o);
    }
    const r = await downloadFile(store, e);
    expect(r).toMatchObject({ resumedFrom: 38000, sha256: e.sha256 });
    const log = served(e);
    expect(log.map((x) => x.start)).toEqual([0, ...offsets]);
    expect(log.slice(1).every((x) => x.status === 206 && x.ifRange?.startsWith('"'))).toBe(true);
    expect(log.reduce((n, x) => n + x.bytesSent, 0)).toBe(e.bytes);
  });

  it('a 200 answer to a Range request restarts the file from zero and ends verified', async () => {
    const store = createMemoryStore();
    const e = entry('drop@20000,200');
    await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'DownloadNetworkError' });
    const r = await downloadFile(store, e);
    expect(r.sha256).toBe(e.sha256);
    expect(served(e).map((x) => x.status)).toEqual([200, 200]);
    expect(store.files.get(e.path)!.length).toBe(e.bytes);
  });

  it('bytes written after the last recorded flush are discarded on resume', async () => {
    const store = createMemoryStore();
    const e = entry('drop@9000');
    await expect(downloadFile(store, e)).rejects.toThrow();
    // As if the tab died after writing data but before the meta said so.
    const data = store.files.get(e.path)!;
    store.files.set(e.path, Uint8Array.from([...data, 1, 2, 3, 4, 5]));
    const r = await downloadFile(store, e);
    expect(r.resumedFrom).toBe(9000);
    expect(sha(store.files.get(e.path)!)).toBe(e.sha256);
  });

  it('a truncated body is never complete; the kept prefix resumes', async () => {
    const store = createMemoryStore();
    const e = entry('truncate@5000');
    await expect(downloadFile(store, e)).rejects.toMatchObject({
      name: 'IncompleteDownloadError',
      message: expect.stringContaining(e.path),
    });
    expect(await fileStatus(store, e.path)).toMatchObject({ complete: false, bytesDone: 5000 });
    expect((await verifyFile(store, e.path)).ok).toBe(false);
    expect((await downloadFile(store, e)).resumedFrom).toBe(5000);
  });

  it('a flipped byte fails the hash, deletes the partial and names the file', async () => {
    const store = createMemoryStore();
    const e = entry('flip@12345');
    await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'HashMismatchError', message: expect.stringContaining(e.path) });
    expect(store.files.has(e.path)).toBe(false);
    expect(await fileStatus(store, e.path)).toBeNull();
  });

  it('HTTP 500 is a clear error naming the file and the status', async () => {
    const e = entry('500');
    await expect(downloadFile(createMemoryStore(), e)).rejects.toMatchObject({
      name: 'DownloadHttpError',
      status: 500,
      message: expect.stringMatching(/image_encoder\.onnx.*HTTP 500/),
    });
  });

  it('abort during a stall keeps the partial; a later call resumes and completes', async () => {
    const store = createMemoryStore();
    const e = entry('stall@6000');
    const ac = new AbortController();
    const p = downloadFile(store, e, { signal: ac.signal, onProgress: (x) => x.bytesDone === 6000 && ac.abort() });
    setTimeout(() => ac.abort(), 300); // in case progress was throttled past the stall
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect((await fileStatus(store, e.path))?.bytesDone).toBe(6000);
    expect(await downloadFile(store, e)).toMatchObject({ resumedFrom: 6000, sha256: e.sha256 });
  });

  it('running out of quota reports the numbers and keeps the partial', async () => {
    const store = createMemoryStore(28_000);
    const e = entry();
    const err = await downloadFile(store, e, { flushEveryBytes: 1 }).catch((x: Error & { neededBytes: number }) => x);
    expect(err).toMatchObject({ name: 'StorageQuotaError', message: expect.stringContaining(e.path) });
    const st = await fileStatus(store, e.path);
    expect(st?.complete).toBe(false);
    expect((err as { neededBytes: number }).neededBytes).toBe(e.bytes - st!.bytesDone);
  });

  it('no room even for the record: a clear error before any byte, and nothing that looks stored', async () => {
    const store = createMemoryStore(10_000, 'short');
    const e = entry();
    await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'StorageQuotaError', message: expect.stringContaining(e.path) });
    expect(served(e)).toEqual([]);
    const st = await fileStatus(store, e.path);
    expect(st === null || (st.bytesDone === 0 && !st.complete)).toBe(true);
    expect(await verifyFile(store, e.path)).toMatchObject({ ok: false, bytes: 0, sha256: '' });
    store.setCapacity(Infinity);
    expect(await downloadFile(store, e)).toMatchObject({ resumedFrom: 0, sha256: e.sha256 });
  });

  it("a write cut short by the quota (what Chromium's sync handle does) keeps the partial; more room resumes it", async () => {
    const store = createMemoryStore(30_000, 'short');
    const e = entry();
    const err = await downloadFile(store, e, { flushEveryBytes: 4096 }).catch((x: Error) => x);
    expect(err).toMatchObject({
      name: 'StorageQuotaError',
      message: expect.stringMatching(/Not enough storage for "fixture\/image_encoder\.onnx"/),
    });
    const st = await fileStatus(store, e.path);
    expect(st).toMatchObject({ complete: false });
    expect(st!.bytesDone).toBeGreaterThan(0);
    store.setCapacity(Infinity);
    const r = await downloadFile(store, e);
    expect(r).toMatchObject({ resumedFrom: st!.bytesDone, sha256: e.sha256 });
    expect(served(e).reduce((n, x) => n + x.bytesSent, 0)).toBeGreaterThanOrEqual(e.bytes);
  });

  it('verify catches a stored file corrupted after completion and removes it', async () => {
    const store = createMemoryStore();
    const e = entry('', 'vae_decoder.onnx');
    await downloadFile(store, e);
    store.files.get(e.path)![100] ^= 1;
    expect(await verifyFile(store, e.path)).toMatchObject({ ok: false, expectedSha256: e.sha256 });
    expect(await fileStatus(store, e.path)).toBeNull();
  });
});

describe('downloadFile, hashes from the host and files that change there', () => {
  // Each test gets its own repository, because changing a file changes it for everyone.
  let repoN = 0;
  function hubEntry(bytes: Buffer, file = 'onnx/m.onnx', faults = '') {
    const repo = `lumen/t${++repoN}`;
    server.hub.add(repo, 'v1', file, bytes);
    const s = `h${repoN}`;
    const url = `${server.url}${repo}/resolve/v1/${file}?s=${s}&faults=${faults}`;
    const base: StoreEntry = { path: `real/${repo}/${file}`, url, bytes: bytes.length, hashSource: 'host' };
    return { repo, file, base, log: () => server.log.filter((r) => r.session === s) };
  }
  const blob = (n: number, seed: number) => Buffer.from(Uint8Array.from({ length: n }, (_, i) => (i * seed + 7) & 0xff));

  it('a file kept in git is checked by its git blob id, also on resume and verify', async () => {
    const store = createMemoryStore();
    const data = blob(20_000, 13);
    const h = hubEntry(data, 'tokenizer/tokenizer.json', 'drop@7000');
    const e = { ...h.base, gitSha1: gitBlobSha1(data) };
    await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'DownloadNetworkError' });
    expect(await downloadFile(store, e)).toMatchObject({ resumedFrom: 7000, sha256: gitBlobSha1(data) });
    expect(await verifyFile(store, e.path)).toMatchObject({ ok: true, sha256: gitBlobSha1(data) });
    expect(await fileStatus(store, e.path)).toMatchObject({
      complete: true,
      expectedSha256: '',
      expectedGitSha1: gitBlobSha1(data),
      hashSource: 'host',
    });
  });

  it('refuses an entry with no expected hash before any request', async () => {
    const store = createMemoryStore();
    const h = hubEntry(blob(1000, 3));
    await expect(downloadFile(store, h.base)).rejects.toMatchObject({
      name: 'UnknownHashError',
      message: expect.stringContaining(h.base.path),
    });
    expect(h.log()).toEqual([]);
    expect(store.files.size).toBe(0);
  });

  it('when the host says the file changed, the stored part is dropped and it is fetched from zero', async () => {
    const store = createMemoryStore();
    const v1 = blob(30_000, 5);
    const h = hubEntry(v1, 'onnx/m.onnx', 'drop@12000');
    await expect(downloadFile(store, { ...h.base, sha256: sha256Hex(v1) })).rejects.toMatchObject({ name: 'DownloadNetworkError' });
    const v2 = server.hub.change(h.repo, 'v1', h.file);
    const notes: string[] = [];
    const r = await downloadFile(store, { ...h.base, sha256: sha256Hex(v2) }, { onProgress: (p) => p.note && notes.push(p.note) });
    expect(r).toMatchObject({ resumedFrom: 0, changedOnHost: true, sha256: sha256Hex(v2) });
    expect(notes).toEqual([expect.stringMatching(/changed on the host since it was stored.*from zero/)]);
    expect(h.log().map((x) => [x.range, x.status, x.bytesSent])).toEqual([
      [undefined, 200, 12000],
      [undefined, 200, v2.length],
    ]);
    expect(sha(store.files.get(h.base.path)!)).toBe(sha256Hex(v2));
  });

  it('a resume answered with another ETag restarts from zero: never spliced, never complete', async () => {
    const store = createMemoryStore();
    const v1 = blob(30_000, 9);
    const h = hubEntry(v1, 'onnx/m.onnx', 'drop@10000');
    const e = { ...h.base, sha256: sha256Hex(v1) };
    await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'DownloadNetworkError' });
    server.hub.change(h.repo, 'v1', h.file);
    const notes: string[] = [];
    const err = await downloadFile(store, e, { onProgress: (p) => p.note && notes.push(p.note) }).catch((x: Error) => x);
    expect(err).toMatchObject({ name: 'HashMismatchError', message: expect.stringMatching(/changed on the host/) });
    expect(notes).toEqual([expect.stringMatching(/another ETag.*not splicing/)]);
    const [, second] = h.log();
    expect(second).toMatchObject({ range: 'bytes=10000-', status: 200, start: 0, bytesSent: v1.length });
    expect(second.ifRange).toBe(`"${sha256Hex(v1)}"`);
    expect(store.files.has(e.path)).toBe(false);
    expect(await fileStatus(store, e.path)).toBeNull();
  });

  it("passes the entry's headers and explains a refusal with the host's advice", async () => {
    const h = hubEntry(blob(500, 1));
    server.gate(h.repo, 'hf_good');
    const e = {
      ...h.base,
      sha256: sha256Hex(blob(500, 1)),
      source: { host: 'huggingface' as const, repo: h.repo, revision: 'v1', file: h.file },
    };
    await expect(downloadFile(createMemoryStore(), e)).rejects.toMatchObject({
      name: 'DownloadHttpError',
      message: expect.stringMatching(/HTTP 401.*is gated: sign in on https:\/\/huggingface\.co\/lumen\/t\d+, accept its terms/),
    });
    const ok = await downloadFile(createMemoryStore(), { ...e, headers: { Authorization: 'Bearer hf_good' } });
    expect(ok.bytes).toBe(500);
    expect(h.log().map((x) => [x.status, x.authorization])).toEqual([
      [401, undefined],
      [200, 'Bearer hf_good'],
    ]);
  });
});
