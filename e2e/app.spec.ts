import { expect, test, type Page } from '@playwright/test';
import {
  discPng,
  expectAllStagesDone,
  nextSceneReady,
  openApp,
  paletteCounts,
  sceneEventCount,
  setSettings,
  watchErrors,
} from './app-helpers';

// The app end to end on SwiftShader WebGPU with the fixture set: one page for the whole file, so the
// workers stay warm between runs (as they do for a user) and each test starts where the last one ended.
test.describe.configure({ mode: 'serial' });

const K = 3;
const POINTS = 3000;
let page: Page;
let errors: string[];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  errors = watchErrors(page);
  await openApp(page);
});

test.afterAll(async () => {
  await page?.close();
});

test('a prompt becomes a part-coloured point cloud with every stage reporting progress', async () => {
  await expect(page.getByTestId('wasm-banner')).toHaveCount(0);
  // Before any run on this device the estimate is the device class's guess.
  await expect(page.getByTestId('estimate')).toHaveAttribute('data-calibrated', 'false');
  await expect(page.getByTestId('estimate')).toContainText('software GPU');
  await setSettings(page, { numParts: K, partSteps: 4, gridResolution: 24, pointCount: POINTS });
  await page.getByTestId('prompt').fill('a red toy car');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('cancel')).toBeVisible();
  const scene = await nextSceneReady(page, seen);

  await expectAllStagesDone(page);
  await expect(page.getByTestId('card-image')).toBeVisible();
  await expect(page.getByTestId('card-cutout')).toBeVisible();
  await expect(page.getByTestId('stage-parts-detail')).toContainText('step 4/4');
  expect(scene).toMatchObject({ points: POINTS, parts: K, visibleParts: K });
  await expect(page.getByTestId(`legend-part-${K - 1}`)).toBeVisible();

  // The progress log shows real steps for the long stages, in order.
  const log = await page.evaluate(() => window.__lumen!.progress);
  const steps = (stage: string) => log.filter((e) => e.stage === stage && e.status === 'progress');
  expect(steps('parts').length).toBeGreaterThanOrEqual(4);
  expect(steps('points').length).toBeGreaterThanOrEqual(1);
  const doneOrder = log.filter((e) => e.status === 'done').map((e) => e.stage);
  expect(doneOrder.indexOf('parts')).toBeLessThan(doneOrder.indexOf('points'));

  const counts = await paletteCounts(page);
  for (let p = 0; p < K; p++) expect(counts[p], `pixels of part ${p}'s colour`).toBeGreaterThan(30);
  for (let p = K; p < counts.length; p++) expect(counts[p], `pixels of unused colour ${p}`).toBeLessThan(5);
});

test('hiding a part removes its colour from the canvas and keeps the others', async () => {
  const seen = await sceneEventCount(page);
  await page.getByTestId('legend-toggle-1').click();
  const scene = await nextSceneReady(page, seen, 30_000);
  expect(scene).toMatchObject({ parts: K, visibleParts: K - 1, visible: [0, 2] });
  await expect(page.getByTestId('legend-part-1')).toHaveAttribute('data-visible', 'false');
  const counts = await paletteCounts(page);
  expect(counts[1]).toBe(0);
  expect(counts[0]).toBeGreaterThan(30);
  expect(counts[2]).toBeGreaterThan(30);

  const again = await sceneEventCount(page);
  await page.getByTestId('legend-isolate-2').click();
  expect((await nextSceneReady(page, again, 30_000)).visible).toEqual([2]);
  const isolated = await paletteCounts(page);
  expect(isolated[0]).toBe(0);
  expect(isolated[2]).toBeGreaterThan(30);
});

test('cancel during the parts stage stops the run, and the next run succeeds', async () => {
  // Sixteen parts make each step slow enough (seconds in all) that the cancel lands inside the loop,
  // not after its last step: with three parts the hundred steps can pass between two updates of the strip.
  await setSettings(page, { numParts: 16, partSteps: 100, seed: 7 });
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('stage-parts')).toHaveAttribute('data-status', 'running', { timeout: 240_000 });
  // Mid-denoising, not during image encoding: the cancel must stop the step loop itself.
  await expect(page.getByTestId('stage-parts-detail')).toContainText('denoising');
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('generate')).toBeEnabled();
  await expect(page.getByTestId('stage-parts')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('stage-points')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('run-notice')).toContainText('Cancelled');
  await expect(page.getByTestId('error-box')).toHaveCount(0);

  await setSettings(page, { numParts: K, partSteps: 3 });
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, seen);
  await expectAllStagesDone(page);
  // A new cloud shows every part again.
  expect(scene).toMatchObject({ points: POINTS, parts: K, visibleParts: K });
});

test('an uploaded image skips text-to-image', async () => {
  await page.getByTestId('upload-input').setInputFiles({ name: 'disc.png', mimeType: 'image/png', buffer: await discPng(page) });
  await expect(page.getByTestId('upload-chip')).toContainText('disc.png');
  await setSettings(page, { numParts: 2 });
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, seen);
  await expectAllStagesDone(page, ['text', 'image']);
  await expect(page.getByTestId('card-image')).toBeVisible();
  await expect(page.getByTestId('card-cutout')).toBeVisible();
  expect(scene).toMatchObject({ parts: 2, visibleParts: 2 });
  const log = await page.evaluate(() => window.__lumen!.progress);
  expect(log.filter((e) => e.stage === 'text' || e.stage === 'image')).toEqual([]);
});

test('an image dropped on the page is taken as the input', async () => {
  await page.getByText('remove').click();
  await expect(page.getByTestId('upload-chip')).toHaveCount(0);
  const png = (await discPng(page, 48)).toString('base64');
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
  }, png);
  await expect(page.getByTestId('upload-chip')).toContainText('dropped.png');
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
});

test('presets set the settings, and the estimate follows them and has learned from the runs', async () => {
  const estimate = page.getByTestId('estimate');
  // Runs have finished on this page, so the figure is this device's own.
  await expect(estimate).toHaveAttribute('data-calibrated', 'true');
  await expect(page.getByTestId('preset-custom')).toBeVisible();
  const ms = async () => Number(await estimate.getAttribute('data-ms'));

  await page.getByTestId('preset-quality').click();
  await expect(page.getByTestId('preset-quality')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('preset-custom')).toHaveCount(0);
  await expect(page.getByTestId('setting-partSteps')).toHaveValue('8');
  await expect(page.getByTestId('setting-gridResolution')).toHaveValue('64');
  const quality = await ms();

  await page.getByTestId('preset-draft').click();
  await expect(page.getByTestId('preset-draft')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('setting-partSteps')).toHaveValue('4');
  const draft = await ms();
  expect(draft).toBeGreaterThan(0);
  expect(draft).toBeLessThan(quality);
  await expect(estimate).toContainText('≈');

  await setSettings(page, { partSteps: 5 });
  await expect(page.getByTestId('preset-custom')).toBeVisible();
});

test('no uncaught errors or console errors during these runs', async () => {
  expect(errors).toEqual([]);
});
