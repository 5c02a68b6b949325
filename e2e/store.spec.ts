import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { useStoreHarness } from './support/store-harness-setup';

// The OPFS download core in Chromium through the real store worker, against a cross-origin fixture
// server that injects network faults and counts the bytes it sends per request. Every case ends either
// verified or with a clear error, never with a damaged file marked complete; a resume asks only for the
// bytes it lacks (the server's counts prove it).
const serverOf = useStoreHarness();

const FILE = 'image_encoder.onnx'; // the largest fixture file (~39 kB)
let session = 0;
function entry(faults = '') {
  const f = serverOf().files.find((x) => x.path === FILE)!;
  const s = `e${Date.now()}-${++session}`;
  return { path: `fixture/${FILE}`, url: `${serverOf().url}${FILE}?s=${s}&faults=${faults}`, bytes: f.bytes, sha256: f.sha256, session: s };
}
type Entry = ReturnType<typeof entry>;
const served = (s: string) => serverOf().log.filter((r) => r.session === s);
const sent = (s: string) => served(s).reduce((n, x) => n + x.bytesSent, 0);
const download = (page: Page, e: Entry, abortAfterMs?: number) =>
  page.evaluate(([x, ms]) => window.lumenStore.download(x, ms), [e, abortAfterMs] as const);
const status = (page: Page, e: Entry) => page.evaluate((p) => window.lumenStore.status(p), e.path);

/** The file is complete, re-hashes right, and is byte for byte what the page reads back. */
async function expectVerified(page: Page, e: Entry) {
  expect(await status(page, e)).toMatchObject({ complete: true, bytesDone: e.bytes });
  expect(await page.evaluate((p) => window.lumenStore.verify(p), e.path)).toMatchObject({ ok: true, sha256: e.sha256 });
  expect(await page.evaluate((p) => window.lumenStore.stored(p), e.path)).toEqual({ bytes: e.bytes, sha256: e.sha256 });
}

async function expectOk(page: Page, e: Entry, abortAfterMs?: number) {
  const r = await download(page, e, abortAfterMs);
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  return r.result;
}

test('a clean download completes, verifies, and is what the page reads back', async ({ page }) => {
  const e = entry();
  const r = await download(page, e);
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(r.result).toMatchObject({ bytes: e.bytes, sha256: e.sha256, resumedFrom: 0 });
  expect(r.progress.at(-1)).toEqual({ file: e.path, bytesDone: e.bytes, bytesTotal: e.bytes });
  await expectVerified(page, e);
  expect(sent(e.session)).toBe(e.bytes);
  await page.evaluate((p) => window.lumenStore.remove(p), e.path);
  expect(await page.evaluate((p) => window.lumenStore.stored(p), e.path)).toBeNull();
});

test('the connection dropped at twenty random offsets: each resume fetches only the missing bytes', async ({ page }) => {
  const offsets = new Set<number>();
  while (offsets.size < 20) offsets.add(1 + Math.floor(Math.random() * (serverOf().files.find((x) => x.path === FILE)!.bytes - 2)));
  const sorted = [...offsets].sort((a, b) => a - b);
  const e = entry(sorted.map((o) => `drop@${o}`).join(','));
  for (const o of sorted) {
    const r = await download(page, e);
    expect(r.ok, `drop at ${o}`).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ name: 'DownloadNetworkError', message: expect.stringContaining(e.path) });
    expect(await status(page, e), `after the drop at ${o}`).toMatchObject({ complete: false, bytesDone: o });
  }
  expect((await expectOk(page, e)).resumedFrom).toBe(sorted.at(-1));
  const log = served(e.session);
  expect(log.map((x) => x.start)).toEqual([0, ...sorted]);
  expect(log.slice(1).every((x) => x.status === 206 && x.range === `bytes=${x.start}-` && !!x.ifRange)).toBe(true);
  // Each request sent exactly the bytes between one drop and the next: nothing twice, nothing skipped.
  expect(log.map((x) => x.bytesSent)).toEqual([...sorted, e.bytes].map((end, i) => end - (i ? sorted[i - 1] : 0)));
  expect(sent(e.session)).toBe(e.bytes);
  await expectVerified(page, e);
});

test('a 200 answer to a Range request restarts from zero and ends verified', async ({ page }) => {
  const e = entry('drop@20000,200');
  expect((await download(page, e)).ok).toBe(false);
  expect(await expectOk(page, e)).toMatchObject({ resumedFrom: 20000 });
  expect(served(e.session).map((x) => [x.status, x.range, x.bytesSent])).toEqual([
    [200, undefined, 20000],
    [200, 'bytes=20000-', e.bytes],
  ]);
  await expectVerified(page, e);
});

test('a truncated body is a clear error, never complete; the resume fetches only the rest', async ({ page }) => {
  const e = entry('truncate@5000');
  const r = await download(page, e);
  expect(r.ok ? null : r.error).toMatchObject({
    name: 'IncompleteDownloadError',
    message: expect.stringMatching(/image_encoder\.onnx.*5000 of 38843 bytes/),
  });
  expect(await status(page, e)).toMatchObject({ complete: false, bytesDone: 5000 });
  expect(await expectOk(page, e)).toMatchObject({ resumedFrom: 5000 });
  expect(served(e.session).map((x) => [x.start, x.bytesSent])).toEqual([
    [0, 5000],
    [5000, e.bytes - 5000],
  ]);
  await expectVerified(page, e);
});

test('HTTP 500 is a clear error naming the file and the status; a retry completes', async ({ page }) => {
  const e = entry('500');
  const r = await download(page, e);
  expect(r.ok ? null : r.error).toMatchObject({
    name: 'DownloadHttpError',
    message: expect.stringMatching(/image_encoder\.onnx.*HTTP 500.*resume later/),
  });
  expect(await status(page, e)).toMatchObject({ complete: false, bytesDone: 0 });
  await expectOk(page, e);
  expect(served(e.session).map((x) => [x.status, x.bytesSent])).toEqual([
    [500, 0],
    [200, e.bytes],
  ]);
  await expectVerified(page, e);
});

test('a stalled download can be aborted, and a later call resumes and completes', async ({ page }) => {
  const e = entry('stall@6000');
  const r1 = await download(page, e, 800);
  expect(r1.ok ? null : r1.error.name).toBe('AbortError');
  expect(await status(page, e)).toMatchObject({ complete: false, bytesDone: 6000 });
  expect(await expectOk(page, e)).toMatchObject({ resumedFrom: 6000 });
  expect(served(e.session).map((x) => [x.start, x.bytesSent])).toEqual([
    [0, 6000],
    [6000, e.bytes - 6000],
  ]);
  await expectVerified(page, e);
});

test('one flipped byte fails the hash, leaves nothing stored, and a retry completes', async ({ page }) => {
  const e = entry('flip@30000');
  const r = await download(page, e);
  expect(r.ok ? null : r.error).toMatchObject({
    name: 'HashMismatchError',
    message: expect.stringMatching(/image_encoder\.onnx.*is corrupt.*deleted/),
  });
  expect(await status(page, e)).toBeNull();
  expect(await page.evaluate((p) => window.lumenStore.stored(p), e.path)).toBeNull();
  expect(await expectOk(page, e)).toMatchObject({ resumedFrom: 0 });
  await expectVerified(page, e);
});

test('a stored file damaged after completion is caught by verify, and the next download replaces it', async ({ page }) => {
  const e = entry();
  await expectOk(page, e);
  await page.evaluate((p) => window.lumenStore.corrupt(p, 12_345), e.path);
  // The size still matches, so only a re-hash can tell.
  expect(await status(page, e)).toMatchObject({ complete: true });
  expect(await page.evaluate((p) => window.lumenStore.verify(p), e.path)).toMatchObject({ ok: false, expectedSha256: e.sha256 });
  expect(await status(page, e)).toBeNull();
  expect(await expectOk(page, e)).toMatchObject({ resumedFrom: 0 });
  await expectVerified(page, e);
});

test('a large file, hashed in a worker of its own: dropped and resumed it verifies, and a flipped byte is still caught', async ({
  page,
}) => {
  // Past OFF_THREAD_MIN_BYTES (src/store/download.ts), so the hash runs beside the writes.
  const big = Buffer.from(Uint8Array.from({ length: 5_000_000 }, (_, i) => (i * 2246822519) >>> 25));
  serverOf().put('large.bin', big);
  const sha256 = createHash('sha256').update(big).digest('hex');
  const s = `L${Date.now()}`;
  const e = {
    path: 'fixture/large.bin',
    url: `${serverOf().url}large.bin?s=${s}&faults=drop@1234567,drop@3456789`,
    bytes: big.length,
    sha256,
    session: s,
  };
  expect((await download(page, e)).ok).toBe(false);
  expect((await download(page, e)).ok).toBe(false);
  expect(await status(page, e)).toMatchObject({ complete: false, bytesDone: 3456789 });
  expect(await expectOk(page, e)).toMatchObject({ resumedFrom: 3456789, sha256 });
  expect(sent(s)).toBe(big.length);
  await expectVerified(page, e);
  await page.evaluate((p) => window.lumenStore.corrupt(p, 4_500_000), e.path);
  expect(await page.evaluate((p) => window.lumenStore.verify(p), e.path)).toMatchObject({ ok: false, expectedSha256: sha256 });

  const flip = { ...e, url: `${serverOf().url}large.bin?s=${s}F&faults=drop@2000000,flip@4000000`, session: `${s}F` };
  await page.evaluate(() => window.lumenStore.clear());
  expect((await download(page, flip)).ok).toBe(false);
  const r = await download(page, flip);
  expect(r.ok ? null : r.error).toMatchObject({ name: 'HashMismatchError', message: expect.stringContaining('fixture/large.bin') });
  expect(await status(page, flip)).toBeNull();
});
