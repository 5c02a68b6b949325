import { expect, test } from '@playwright/test';
import { startModelServer, type ModelServer } from './support/model-server';

// The OPFS download core in Chromium through the real store worker, against a cross-origin fixture
// server (127.0.0.1:4175) that injects network faults and counts the bytes it sends per request.
let server: ModelServer;
test.beforeAll(async () => {
  server = await startModelServer();
});
test.afterAll(() => server.close());

test.beforeEach(async ({ page }) => {
  await page.goto('/e2e/store-harness.html');
  await expect(page.getByTestId('harness-ready')).toBeVisible();
  await page.evaluate(() => window.lumenStore.clear());
});

const FILE = 'image_encoder.onnx'; // the largest fixture file (~39 kB)
let session = 0;
function entry(faults = '') {
  const f = server.files.find((x) => x.path === FILE)!;
  const s = `e${Date.now()}-${++session}`;
  return { path: `fixture/${FILE}`, url: `${server.url}${FILE}?s=${s}&faults=${faults}`, bytes: f.bytes, sha256: f.sha256, session: s };
}
const served = (s: string) => server.log.filter((r) => r.session === s);

test('a clean download completes, verifies, and is what the page reads back', async ({ page }) => {
  const e = entry();
  const r = await page.evaluate((x) => window.lumenStore.download(x), e);
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(r.result).toMatchObject({ bytes: e.bytes, sha256: e.sha256, resumedFrom: 0 });
  expect(r.progress.at(-1)).toEqual({ file: e.path, bytesDone: e.bytes, bytesTotal: e.bytes });
  expect(await page.evaluate((p) => window.lumenStore.status(p), e.path)).toMatchObject({ complete: true, bytesDone: e.bytes });
  expect(await page.evaluate((p) => window.lumenStore.verify(p), e.path)).toMatchObject({ ok: true, sha256: e.sha256 });
  expect(await page.evaluate((p) => window.lumenStore.stored(p), e.path)).toEqual({ bytes: e.bytes, sha256: e.sha256 });
  await page.evaluate((p) => window.lumenStore.remove(p), e.path);
  expect(await page.evaluate((p) => window.lumenStore.stored(p), e.path)).toBeNull();
});

test('drops at five random offsets: each resume fetches only the missing bytes', async ({ page }) => {
  const size = server.files.find((x) => x.path === FILE)!.bytes;
  const offsets = new Set<number>();
  while (offsets.size < 5) offsets.add(1 + Math.floor(Math.random() * (size - 2)));
  const sorted = [...offsets].sort((a, b) => a - b);
  const e = entry(sorted.map((o) => `drop@${o}`).join(','));
  for (const o of sorted) {
    const r = await page.evaluate((x) => window.lumenStore.download(x), e);
    expect(r.ok, `drop at ${o}`).toBe(false);
    if (!r.ok) expect(r.error.name).toBe('DownloadNetworkError');
    expect(await page.evaluate((p) => window.lumenStore.status(p), e.path)).toMatchObject({ complete: false, bytesDone: o });
  }
  const r = await page.evaluate((x) => window.lumenStore.download(x), e);
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(r.result.resumedFrom).toBe(sorted[4]);
  const log = served(e.session);
  expect(log.map((x) => x.start)).toEqual([0, ...sorted]);
  expect(log.slice(1).every((x) => x.status === 206 && x.range === `bytes=${x.start}-` && !!x.ifRange)).toBe(true);
  expect(log.reduce((n, x) => n + x.bytesSent, 0)).toBe(size);
  expect(await page.evaluate((p) => window.lumenStore.verify(p), e.path)).toMatchObject({ ok: true });
});

test('a 200 answer to a Range request restarts cleanly and ends verified', async ({ page }) => {
  const e = entry('drop@20000,200');
  expect((await page.evaluate((x) => window.lumenStore.download(x), e)).ok).toBe(false);
  const r = await page.evaluate((x) => window.lumenStore.download(x), e);
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(served(e.session).map((x) => [x.status, x.range])).toEqual([[200, undefined], [200, 'bytes=20000-']]);
  expect(await page.evaluate((p) => window.lumenStore.stored(p), e.path)).toEqual({ bytes: e.bytes, sha256: e.sha256 });
});

test('a truncated body or a flipped byte is never marked complete', async ({ page }) => {
  const cut = entry('truncate@5000');
  const r1 = await page.evaluate((x) => window.lumenStore.download(x), cut);
  expect(r1.ok ? null : r1.error).toMatchObject({ name: 'IncompleteDownloadError', message: expect.stringContaining(cut.path) });
  expect(await page.evaluate((p) => window.lumenStore.status(p), cut.path)).toMatchObject({ complete: false, bytesDone: 5000 });

  const flip = entry('flip@30000');
  await page.evaluate(() => window.lumenStore.clear());
  const r2 = await page.evaluate((x) => window.lumenStore.download(x), flip);
  expect(r2.ok ? null : r2.error).toMatchObject({ name: 'HashMismatchError', message: expect.stringContaining(flip.path) });
  expect(await page.evaluate((p) => window.lumenStore.status(p), flip.path)).toBeNull();
  expect(await page.evaluate((p) => window.lumenStore.stored(p), flip.path)).toBeNull();
});

test('HTTP 500 is a clear error naming the file and the status', async ({ page }) => {
  const e = entry('500');
  const r = await page.evaluate((x) => window.lumenStore.download(x), e);
  expect(r.ok ? null : r.error).toMatchObject({ name: 'DownloadHttpError', message: expect.stringMatching(/image_encoder\.onnx.*HTTP 500/) });
});

test('a stalled download can be aborted, and a later call resumes and completes', async ({ page }) => {
  const e = entry('stall@6000');
  const r1 = await page.evaluate((x) => window.lumenStore.download(x, 800), e);
  expect(r1.ok ? null : r1.error.name).toBe('AbortError');
  expect(await page.evaluate((p) => window.lumenStore.status(p), e.path)).toMatchObject({ complete: false, bytesDone: 6000 });
  const r2 = await page.evaluate((x) => window.lumenStore.download(x), e);
  if (!r2.ok) throw new Error(`${r2.error.name}: ${r2.error.message}`);
  expect(r2.result.resumedFrom).toBe(6000);
  expect(served(e.session).map((x) => x.start)).toEqual([0, 6000]);
  expect(await page.evaluate((p) => window.lumenStore.verify(p), e.path)).toMatchObject({ ok: true });
});
