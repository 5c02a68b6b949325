// The production build is what users download and what its service worker precaches for them: it must
// hold the app only (no e2e harness page, harness worker or their chunks), and the main-thread chunk must
// not carry onnxruntime-web, which only the stage workers run. The e2e build (`--mode e2e`) is checked to
// hold the harness, so the test would notice if the markers below stopped meaning anything.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Test code's fingerprints: the harness pages' files and chunks, and a string every harness script holds. */
const TEST_NAME = /(^|\/)e2e\/|harness|ort-smoke|opfs-session/;
const TEST_TEXT = 'harness-ready';
const ORT_TEXT = 'InferenceSession';
/** The e2e fault hook that destroys the GPU devices: never in a user's build. */
const FAULT_HOOK = 'destroyGpuDevice';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'));
}

async function buildInto(mode: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `lumen-${mode}-`));
  await build({ root, configFile: join(root, 'vite.config.ts'), mode, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** The URLs the generated service worker precaches. */
function precached(dir: string): string[] {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  return [...sw.matchAll(/["']?\burl["']?:\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

describe('the production build', () => {
  let prod = '';
  let e2e = '';
  beforeAll(async () => {
    prod = await buildInto('production');
    e2e = await buildInto('e2e');
  }, 180_000);
  afterAll(() => {
    for (const d of [prod, e2e]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('holds no e2e page, harness worker or harness chunk, and precaches none', () => {
    const files = filesUnder(prod);
    expect(files).toContain('index.html');
    expect(files.filter((f) => TEST_NAME.test(f))).toEqual([]);
    const js = files.filter((f) => /\.m?js$/.test(f));
    expect(js.filter((f) => readFileSync(join(prod, f), 'utf8').includes(TEST_TEXT))).toEqual([]);
    expect(js.filter((f) => readFileSync(join(prod, f), 'utf8').includes(FAULT_HOOK))).toEqual([]);
    const urls = precached(prod);
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((u) => TEST_NAME.test(u))).toEqual([]);
  });

  it('keeps onnxruntime-web out of the main-thread chunk (the stage workers carry it)', () => {
    const html = readFileSync(join(prod, 'index.html'), 'utf8');
    const entries = [...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map((m) => m[1]);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(readFileSync(join(prod, entry), 'utf8')).not.toContain(ORT_TEXT);
    const workers = filesUnder(prod).filter((f) => /\.worker-[^/]+\.js$/.test(f));
    expect(workers.filter((f) => readFileSync(join(prod, f), 'utf8').includes(ORT_TEXT)).length).toBeGreaterThanOrEqual(4);
  });

  it('is not the e2e build, which does hold the harness pages', () => {
    const files = filesUnder(e2e);
    expect(files).toContain('e2e/store-harness.html');
    const js = files.filter((f) => /\.m?js$/.test(f));
    expect(js.some((f) => readFileSync(join(e2e, f), 'utf8').includes(TEST_TEXT))).toBe(true);
    expect(js.some((f) => readFileSync(join(e2e, f), 'utf8').includes(FAULT_HOOK))).toBe(true);
  });
});
