import { expect, test, type Page } from '@playwright/test';
import { nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// The Models panel in Chromium: licence gate, a real install of the fixture set from the app's own origin
// into OPFS through the store worker, what a reload finds, a run that reads its graphs from OPFS, delete.
test.describe.configure({ mode: 'serial' });

const FIXTURE_FILES = 13; // graphs + tokenizer files in public/models/fixture/manifest.json
let page: Page;
let errors: string[];
/** Requests for the set's model files (not its manifest), from the page and its workers. */
let modelRequests: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  errors = watchErrors(page);
  page.on('request', (r) => {
    if (/\/models\/fixture\/(?!manifest\.json)/.test(r.url())) modelRequests.push(r.url());
  });
  // Every progress text the panel shows, so a fast local install still proves progress was reported.
  await page.addInitScript(() => {
    (window as unknown as { __progressTexts: string[] }).__progressTexts = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="progress-text-fixture"]')?.textContent;
      const seen = (window as unknown as { __progressTexts: string[] }).__progressTexts;
      if (t && seen.at(-1) !== t) seen.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openApp(page);
  // A fresh browser context has an empty OPFS; clear anyway in case the profile is reused.
  await page.evaluate(async () =>
    (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined),
  );
});

test.afterAll(async () => {
  await page?.close();
});

test('the licence must be accepted before the fixture set installs, with progress shown', async () => {
  await page.getByTestId('models-open').click();
  await expect(page.getByTestId('models-panel')).toBeVisible();
  await expect(page.getByTestId('licences-fixture')).toContainText('Stability AI Non-Commercial Community License');
  await expect(page.getByTestId('licences-fixture').getByRole('link').first()).toHaveAttribute('href', /huggingface\.co\/stabilityai/);
  const set = page.getByTestId('set-fixture');
  await expect(set.getByTestId('file-row')).toHaveCount(FIXTURE_FILES);
  expect(await set.getByTestId('file-status').allTextContents()).toEqual(Array(FIXTURE_FILES).fill('missing'));
  await expect(page.getByTestId('install-fixture')).toBeDisabled();
  // What it costs before anything moves; every file with its size.
  await expect(page.getByTestId('needs-fixture')).toHaveText(/^Needs 101\.8 kB, [\d.]+ [kMG]B free$/);
  expect(await set.getByTestId('file-size').allTextContents()).not.toContain('?');
  // The real set's sizes and hashes come from the host's listing, asked on install.
  await expect(page.getByTestId('set-real')).toContainText('size not yet known');

  await page.getByTestId('licence-accept-fixture').check();
  await page.getByTestId('install-fixture').click();
  await expect(page.getByTestId('set-state-fixture')).toHaveText('installed');
  await expect(page.getByTestId('progress-text-fixture')).toContainText('101.8 kB / 101.8 kB');
  await expect(page.getByTestId('notice-fixture')).toHaveText('Installed.');
  expect(await set.getByTestId('file-status').allTextContents()).toEqual(Array(FIXTURE_FILES).fill('complete'));
  const seen = await page.evaluate(() => (window as unknown as { __progressTexts: string[] }).__progressTexts);
  expect(seen.length).toBeGreaterThan(0);
  expect(new Set(modelRequests).size).toBe(FIXTURE_FILES);
  await expect(page.getByTestId('storage-used')).toContainText(/Storage: .* used of /);
  // Persistence was asked for with the install; the panel says what the browser answered.
  await expect(page.getByTestId('storage-persisted')).toHaveAttribute('data-persisted', /^(true|false)$/);
  await expect(page.getByTestId('needs-fixture')).toHaveCount(0);
});

test('after a reload the files are found complete and nothing is downloaded again', async () => {
  modelRequests = [];
  await page.reload();
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', /true|false/);
  await page.getByTestId('models-open').click();
  const set = page.getByTestId('set-fixture');
  await expect(page.getByTestId('set-state-fixture')).toHaveText('installed');
  expect(await set.getByTestId('file-status').allTextContents()).toEqual(Array(FIXTURE_FILES).fill('complete'));
  await expect(page.getByTestId('licence-accept-fixture')).toBeChecked();
  await expect(page.getByTestId('install-fixture')).toBeDisabled();
  await page.getByTestId('verify-fixture').click();
  await expect(page.getByTestId('notice-fixture')).toHaveText('All stored files verified.');
  expect(modelRequests).toEqual([]);
});

test('a run completes with the installed set, reading its files from OPFS', async () => {
  await page.getByTestId('models-close').click();
  await setSettings(page, { numParts: 2, partSteps: 2, gridResolution: 16, pointCount: 1000 });
  await page.getByTestId('prompt').fill('a small lamp');
  const before = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, before, 120_000);
  expect(scene).toMatchObject({ points: 1000, parts: 2 });
  expect(modelRequests).toEqual([]);
});

test('deleting the set returns every file to missing', async () => {
  await page.getByTestId('models-open').click();
  await page.getByTestId('delete-fixture').click();
  await expect(page.getByTestId('set-state-fixture')).toHaveText('not installed');
  const set = page.getByTestId('set-fixture');
  expect(await set.getByTestId('file-status').allTextContents()).toEqual(Array(FIXTURE_FILES).fill('missing'));
  // The space comes back: no file (data or meta) is left under the store's folder.
  const left = await page.evaluate(async () => {
    type Dir = { entries(): AsyncIterable<[string, { kind: string }]> };
    const files: string[] = [];
    const walk = async (dir: Dir, at: string): Promise<void> => {
      for await (const [name, h] of dir.entries()) {
        if (h.kind === 'file') files.push(at + name);
        else await walk(h as unknown as Dir, `${at}${name}/`);
      }
    };
    await walk((await navigator.storage.getDirectory()) as unknown as Dir, '');
    return files;
  });
  expect(left).toEqual([]);
  expect(errors).toEqual([]);
});
