import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server';
import { expectAllStagesDone, nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// Offline use on a GPU without shader-f16 (SwiftShader): the fixture set is installed through the Models
// panel and its float16 graphs are derived to float32 on the device; then the server is shut down and the
// browser set offline, and the reloaded page (from the service worker, still cross-origin isolated) runs
// a whole generation from OPFS, the derived graphs on WebGPU. The app is served by a server of this
// spec's own (e2e/support/app-server.ts), so "offline" cannot leak to a live server.
test.describe.configure({ mode: 'serial' });

const FIXTURE_FILES = 13;
const HALF_GRAPHS = ['textEncoder', 'textEncoder2', 'unet', 'vaeDecoder'];
let server: AppServer;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** Requests that failed: offline, only the set manifest (the panel then uses the list it remembered). */
const failed: string[] = [];

const modelRequests = () => server.log.filter((p) => p.startsWith('/models/') && !p.endsWith('/manifest.json'));

async function storedBytes(p: Page): Promise<number> {
  return p.evaluate(async () => {
    type Dir = { entries(): AsyncIterable<[string, { kind: string; getFile?: () => Promise<File> }]> };
    let n = 0;
    const walk = async (dir: Dir): Promise<void> => {
      for await (const [, h] of dir.entries()) {
        if (h.kind === 'file') n += (await h.getFile!()).size;
        else await walk(h as unknown as Dir);
      }
    };
    await walk((await navigator.storage.getDirectory()) as unknown as Dir);
    return n;
  });
}

test.beforeAll(async ({ browser }) => {
  server = await startAppServer();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  errors = watchErrors(page);
  page.on('requestfailed', (r) => failed.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    const w = window as unknown as { __deriveTexts: string[] };
    w.__deriveTexts = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="derive-progress-text-fixture"]')?.textContent;
      if (t && w.__deriveTexts.at(-1) !== t) w.__deriveTexts.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openApp(page, '?set=fixture', server.url);
});

test.afterAll(async () => {
  await context?.close();
  await server?.close();
});

test('the service worker takes control and precaches the shell and ORT, but no model file', async () => {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  expect(cached).toEqual(
    expect.arrayContaining([
      '/index.html',
      '/ort/ort-wasm-simd-threaded.jspi.wasm',
      '/ort/ort-wasm-simd-threaded.jspi.mjs',
      '/ort/ort-wasm-simd-threaded.asyncify.wasm',
      '/ort/ort-wasm-simd-threaded.asyncify.mjs',
      '/manifest.webmanifest',
    ]),
  );
  expect(cached.filter((u) => u.startsWith('/models/') || u.startsWith('/e2e/'))).toEqual([]);
  // Installable: a manifest Chromium accepts, with raster icons.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito-like, which alone keeps Chromium from offering the install.
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.url).toBe(`${server.url}/manifest.webmanifest`);
  expect(manifest.errors).toEqual([]);
  expect(JSON.parse(manifest.data!)).toMatchObject({ short_name: 'Lumen', display: 'standalone' });
});

test('installing the set derives float32 variants for this GPU, with progress, and puts them on WebGPU', async () => {
  await page.getByTestId('models-open').click();
  await expect(page.getByTestId('fit-device-fixture')).toContainText('without shader-f16');
  await page.getByTestId('licence-accept-fixture').check();
  await page.getByTestId('install-fixture').click();
  await expect(page.getByTestId('set-state-fixture')).toHaveText('installed');
  await expect(page.getByTestId('derive-notice-fixture')).toHaveText('Derived 4 float32 graphs for this GPU.', { timeout: 120_000 });
  const texts = await page.evaluate(() => (window as unknown as { __deriveTexts: string[] }).__deriveTexts);
  expect(texts.some((t) => /deriving \w+ \(\d\/4\)/.test(t))).toBe(true);
  const rows = page.getByTestId('set-fixture').getByTestId('fit-row');
  for (const key of HALF_GRAPHS) {
    await expect(rows.and(page.locator(`[data-key="${key}"]`))).toHaveAttribute('data-variant', 'float32');
    await expect(rows.and(page.locator(`[data-key="${key}"]`))).toHaveAttribute('data-provider', 'webgpu');
  }
  expect(new Set(modelRequests()).size).toBe(FIXTURE_FILES);
});

test('after a reload the set is found complete and nothing is downloaded again', async () => {
  const before = modelRequests().length;
  await page.reload();
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', 'true');
  await page.getByTestId('models-open').click();
  await expect(page.getByTestId('set-state-fixture')).toHaveText('installed');
  await expect(page.getByTestId('set-fixture').getByTestId('fit-row').and(page.locator('[data-key="unet"]'))).toHaveAttribute(
    'data-variant',
    'float32',
  );
  await page.getByTestId('verify-fixture').click();
  await expect(page.getByTestId('notice-fixture')).toHaveText('All stored files verified.');
  expect(modelRequests().length).toBe(before);
});

test('offline, the page loads from the service worker, stays isolated and runs every stage from OPFS', async () => {
  await server.close();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', 'true');
  // The network is really gone: anything the service worker does not hold fails.
  const network = await page.evaluate(() =>
    fetch('/models/fixture/manifest.json', { cache: 'no-store' }).then(
      () => 'reached',
      () => 'failed',
    ),
  );
  expect(network).toBe('failed');
  expect(await page.evaluate(() => ({ isolated: crossOriginIsolated, controlled: !!navigator.serviceWorker.controller }))).toEqual({
    isolated: true,
    controlled: true,
  });
  await setSettings(page, { numParts: 2, partSteps: 2, gridResolution: 16, pointCount: 1000 });
  await page.getByTestId('prompt').fill('a lamp, offline');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, seen, 240_000);
  expect(scene).toMatchObject({ points: 1000, parts: 2 });
  await expectAllStagesDone(page);
  // The derived graphs ran on WebGPU, and said so.
  for (const [stage, keys] of [
    ['text', ['textEncoder', 'textEncoder2']],
    ['image', ['unet', 'vaeDecoder']],
  ] as const) {
    const info = await page.getByTestId(`stage-${stage}-info`).textContent();
    for (const key of keys) expect(info).toContain(`${key}: runs on the GPU (WebGPU) as the float32 variant derived on this device`);
    expect(info).not.toMatch(/could not load it/);
  }
});

test('deleting the set offline returns its space', async () => {
  const stored = await storedBytes(page);
  expect(stored).toBeGreaterThan(100_000); // the set and its four derived variants
  // The origin's file-system share alone: the run just finished is still being written to the history
  // (IndexedDB) and the service worker's cache may grow, and both count in the origin's total.
  const usage = async () =>
    page.evaluate(async () => {
      const est = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { fileSystem?: number } };
      if (!est.usageDetails) throw new Error('this Chromium reports no usageDetails');
      return est.usageDetails.fileSystem ?? 0;
    });
  const before = await usage();
  expect(before).toBeGreaterThanOrEqual(stored * 0.9); // the share really holds the set
  await page.getByTestId('models-open').click();
  await page.getByTestId('delete-fixture').click();
  await expect(page.getByTestId('set-state-fixture')).toHaveText('not installed');
  await expect(page.getByTestId('notice-fixture')).toHaveText('Deleted.');
  expect(await storedBytes(page)).toBe(0);
  await expect.poll(usage, { timeout: 30_000 }).toBeLessThanOrEqual(before - stored * 0.9);
  await expect(page.getByTestId('set-fixture').getByTestId('fit-row').and(page.locator('[data-key="unet"]'))).toHaveAttribute(
    'data-variant',
    'original',
  );
  // Chromium logs each failed request as a console error; offline those are the manifest fetches alone.
  expect(new Set(failed)).toEqual(new Set(['/models/fixture/manifest.json']));
  expect(errors.filter((e) => !/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
});
