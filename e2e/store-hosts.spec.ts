import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { useStoreHarness } from './support/store-harness-setup';
import type { SetSpec } from './store-harness';

// Where expected hashes come from (the manifest, or the host's tree listing), what happens when the host's
// file changes under the same name, where the Hugging Face token goes, and what a refusal says, in
// Chromium through the real store worker. The test server plays both a mirror (its own address) and
// huggingface.co (requests to it are routed there by the browser context).
const serverOf = useStoreHarness();

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let n = 0;
/** A fresh revision of the Hub-shaped fixture repository (changing a file there touches no other test). */
function freshRevision(): string {
  const revision = `e${Date.now()}-${++n}`;
  for (const f of serverOf().files) {
    const file = f.path.endsWith('.onnx') ? `onnx/${f.path}` : f.path;
    serverOf().hub.add('lumen/fixture', revision, file, serverOf().hub.get('lumen/fixture', 'v1', file)!.bytes);
  }
  return revision;
}
const install = (page: Page, spec: SetSpec, host?: unknown) =>
  page.evaluate(([s, h]) => window.lumenStore.install(s, h as never), [spec, host] as const);
const status = (page: Page, path: string) => page.evaluate((p) => window.lumenStore.status(p), path);
const since = (i: number) => serverOf().log.slice(i);

test('hashes from the manifest: the set installs without asking the host for a listing', async ({ page }) => {
  const before = serverOf().log.length;
  const r = await install(page, { kind: 'manifest', base: serverOf().url, query: `s=m${Date.now()}` });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.result.failed).toEqual([]);
  expect(r.result.files.every((f) => f.hashSource === 'manifest')).toBe(true);
  expect(since(before).filter((x) => x.kind === 'tree')).toEqual([]);
  expect(await status(page, 'fixture/vae_decoder.onnx')).toMatchObject({ complete: true, hashSource: 'manifest' });
});

test('hashes from the host: sizes and hashes from the tree listing are recorded, and every file verifies', async ({ page }) => {
  const revision = freshRevision();
  const before = serverOf().log.length;
  const r = await install(page, { kind: 'hub', base: serverOf().url, revision });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.result.failed).toEqual([]);
  const trees = since(before)
    .filter((x) => x.kind === 'tree')
    .map((x) => x.path);
  expect(new Set(trees)).toEqual(
    new Set(['onnx', 'tokenizer', 'tokenizer_2'].map((d) => `api/models/lumen/fixture/tree/${revision}/${d}`)),
  );
  for (const f of r.result.files) {
    const st = await status(page, f.storePath);
    expect(st, f.path).toMatchObject({ complete: true, hashSource: 'host', bytesTotal: f.bytes });
    // Graphs are LFS files (SHA-256 from lfs.oid); tokenizer.json files live in git (their blob id).
    if (f.path.endsWith('.onnx'))
      expect(st?.expectedSha256).toBe(sha256(serverOf().hub.get('lumen/fixture', revision, f.hub!.file)!.bytes));
    else expect(st?.expectedGitSha1).toMatch(/^[0-9a-f]{40}$/);
    expect(await page.evaluate((p) => window.lumenStore.verify(p), f.storePath), f.path).toMatchObject({ ok: true });
  }
});

test('a file changed on the host is told and fetched anew from zero, never spliced', async ({ page }) => {
  const revision = freshRevision();
  const spec: SetSpec = { kind: 'hub', base: serverOf().url, revision, query: `s=c${revision}`, faults: { 'dit.onnx': 'drop@800' } };
  const first = await install(page, spec);
  if (!first.ok) throw new Error(first.error.message);
  expect(first.result.failed.map((f) => f.name)).toEqual(['DownloadNetworkError']);
  const dit = first.result.files.find((f) => f.path.endsWith('onnx/dit.onnx'))!;
  expect(await status(page, dit.storePath)).toMatchObject({ complete: false, bytesDone: 800 });

  const v2 = serverOf().hub.change('lumen/fixture', revision, 'onnx/dit.onnx');
  const before = serverOf().log.length;
  const again = await install(page, spec);
  if (!again.ok) throw new Error(again.error.message);
  expect(again.result.failed).toEqual([]);
  expect(again.result.notes).toEqual([
    expect.stringMatching(/dit\.onnx" changed on the host since it was stored .*fetching it again from zero/),
  ]);
  const fetched = since(before).filter((x) => x.kind === 'file');
  expect(fetched.map((x) => [x.path.split('/').at(-1), x.range, x.start, x.bytesSent])).toEqual([['dit.onnx', undefined, 0, v2.length]]);
  expect(await page.evaluate((p) => window.lumenStore.stored(p), dit.storePath)).toEqual({ bytes: v2.length, sha256: sha256(v2) });
});

test('a resume whose If-Range no longer matches gets the whole new file: restarted, not spliced, not complete', async ({ page }) => {
  const revision = freshRevision();
  const v1 = serverOf().hub.get('lumen/fixture', revision, 'onnx/image_encoder.onnx')!.bytes;
  const s = `r${revision}`;
  const e = {
    path: 'hubfix/image_encoder.onnx',
    url: `${serverOf().url}lumen/fixture/resolve/${revision}/onnx/image_encoder.onnx?s=${s}&faults=drop@9000`,
    bytes: v1.length,
    sha256: sha256(v1),
  };
  expect((await page.evaluate((x) => window.lumenStore.download(x), e)).ok).toBe(false);
  serverOf().hub.change('lumen/fixture', revision, 'onnx/image_encoder.onnx');
  const r = await page.evaluate((x) => window.lumenStore.download(x), e);
  expect(r.ok ? null : r.error).toMatchObject({ name: 'HashMismatchError', message: expect.stringMatching(/changed on the host/) });
  expect(r.progress.map((p) => p.note).filter(Boolean)).toEqual([expect.stringMatching(/another ETag.*not splicing/)]);
  const [, second] = serverOf().log.filter((x) => x.session === s);
  expect(second).toMatchObject({ range: 'bytes=9000-', ifRange: `"${sha256(v1)}"`, status: 200, start: 0, bytesSent: v1.length });
  expect(await status(page, e.path)).toBeNull();
});

test('the token goes to huggingface.co only; gated, refused and missing files say what to do', async ({ page }) => {
  const seen: { url: string; auth?: string }[] = [];
  // huggingface.co, answered by the test server: the browser sends exactly what it would send to the Hub.
  await page.context().route('https://huggingface.co/**', async (route) => {
    const req = route.request();
    seen.push({ url: req.url(), auth: (await req.headerValue('authorization')) ?? undefined });
    await route.fulfill({ response: await route.fetch({ url: req.url().replace('https://huggingface.co/', serverOf().url) }) });
  });
  const revision = freshRevision();
  serverOf().gate('lumen/fixture', 'hf_good');
  try {
    const hf = (token: string) => ({ kind: 'huggingface', mirrorUrl: '', token });
    const gated = await install(page, { kind: 'hub', base: serverOf().url, revision }, hf(''));
    expect(gated.ok ? null : gated.error.message).toMatch(
      /HTTP 401.*lumen\/fixture is gated: sign in on https:\/\/huggingface\.co\/lumen\/fixture, accept its terms, create a read token/,
    );
    const refused = await install(page, { kind: 'hub', base: serverOf().url, revision }, hf('hf_bad'));
    expect(refused.ok ? null : refused.error.message).toMatch(/HTTP 403.*no access to lumen\/fixture yet/);

    seen.length = 0;
    const ok = await install(page, { kind: 'hub', base: serverOf().url, revision }, hf('hf_good'));
    if (!ok.ok) throw new Error(ok.error.message);
    expect(ok.result.failed).toEqual([]);
    expect(seen.filter((r) => r.url.includes('/resolve/'))).toHaveLength(11);
    expect(seen.every((r) => r.auth === 'Bearer hf_good')).toBe(true);

    // The same token with a mirror: the mirror never sees it (and, being gated here, says so).
    await page.evaluate(() => window.lumenStore.clear());
    const before = serverOf().log.length;
    const mirror = await install(
      page,
      { kind: 'hub', base: serverOf().url, revision },
      { kind: 'mirror', mirrorUrl: serverOf().url, token: 'hf_good' },
    );
    expect(mirror.ok ? null : mirror.error.message).toMatch(/HTTP 401.*never to a mirror/);
    expect(since(before).length).toBeGreaterThan(0);
    expect(since(before).filter((x) => x.authorization !== undefined)).toEqual([]);
  } finally {
    serverOf().gate('lumen/fixture', null);
  }

  // A mirror without the file, and a mirror the browser may not read (no CORS headers).
  const missing = {
    path: 'hubfix/nope.onnx',
    url: `${serverOf().url}lumen/fixture/resolve/${revision}/onnx/nope.onnx`,
    bytes: 10,
    sha256: 'ab'.repeat(32),
    source: { host: 'mirror', base: serverOf().url, repo: 'lumen/fixture', revision },
  };
  const r404 = await page.evaluate((x) => window.lumenStore.download(x as never), missing);
  expect(r404.ok ? null : r404.error.message).toMatch(/nope\.onnx.*HTTP 404.*mirror at http:\/\/127\.0\.0\.1:\d+\/ does not have it/);
  const nocors = `${serverOf().url}nocors/`;
  const cors = await install(page, { kind: 'hub', base: nocors, revision }, { kind: 'mirror', mirrorUrl: nocors, token: '' });
  expect(cors.ok ? null : cors.error.message).toMatch(
    /could not reach the mirror at http:\/\/127\.0\.0\.1:\d+\/nocors\/.*Access-Control-Allow-Origin/,
  );
});

test('huggingface.co redirecting a file to its CDN (another origin): the browser drops the token there', async ({ page }) => {
  // As the Hub does: the resolve URL answers 302 to a CDN host; here the CDN is the test server's own address.
  await page.context().route('https://huggingface.co/**', async (route) => {
    const url = route.request().url().replace('https://huggingface.co/', serverOf().url);
    if (url.includes('/resolve/')) await route.fulfill({ status: 302, headers: { Location: url, 'Access-Control-Allow-Origin': '*' } });
    else await route.fulfill({ response: await route.fetch({ url }) });
  });
  const revision = freshRevision();
  const before = serverOf().log.length;
  const r = await install(
    page,
    { kind: 'hub', base: serverOf().url, revision },
    { kind: 'huggingface', mirrorUrl: '', token: 'hf_secret' },
  );
  if (!r.ok) throw new Error(r.error.message);
  expect(r.result.failed).toEqual([]);
  const files = since(before).filter((x) => x.kind === 'file');
  expect(files).toHaveLength(11);
  expect(files.filter((x) => x.authorization !== undefined)).toEqual([]);
  // The listing, asked of huggingface.co itself, did carry it.
  expect(
    since(before)
      .filter((x) => x.kind === 'tree')
      .every((x) => x.authorization === 'Bearer hf_secret'),
  ).toBe(true);
});
