// The downloader against the real fixture server (node:http, real sockets and faults) on a memory store.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await expect(downloadFile(store, e)).rejects.toMatchObject({ name: 'IncompleteDownloadError', message: expect.stringContaining(e.path) });
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

  it('verify catches a stored file corrupted after completion and removes it', async () => {
    const store = createMemoryStore();
    const e = entry('', 'vae_decoder.onnx');
    await downloadFile(store, e);
    store.files.get(e.path)![100] ^= 1;
    expect(await verifyFile(store, e.path)).toMatchObject({ ok: false, expectedSha256: e.sha256 });
    expect(await fileStatus(store, e.path)).toBeNull();
  });
});
