import { expect, test, type Page } from '@playwright/test';
import { nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// Candidate pictures on the fixture set: a prompt makes four pictures from four seeds, picking the second
// lifts exactly that picture into 3D (its cutout is the one a plain run with its seed makes).
test.describe.configure({ mode: 'serial' });

let page: Page;
let errors: string[];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  await openApp(page);
});

test.afterAll(async () => {
  await page?.close();
});

const pixels = (testId: string) =>
  page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let h = 0x811c9dc5;
      for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193);
      return `${c.width}x${c.height}:${(h >>> 0).toString(16)}`;
    });

let pickedCutout = '';

test('a prompt makes four candidate pictures from their own seeds, and nothing else runs until one is picked', async () => {
  // The automatic count follows the device class (a software GPU here: one picture, no grid).
  await expect(page.getByTestId('setting-candidates')).toHaveValue('auto');
  await expect(page.getByTestId('setting-candidates').locator('option[value="auto"]')).toHaveText('auto (1)');
  await page.getByTestId('setting-candidates').selectOption('4');
  await setSettings(page, { seed: 42, numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 1500 });
  await page.getByTestId('prompt').fill('a rubber duck');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('candidates')).toHaveAttribute('data-status', 'picking', { timeout: 240_000 });
  for (let i = 0; i < 4; i++) await expect(page.getByTestId(`candidate-${i}`)).toHaveAttribute('data-ready', 'true');
  const all = await Promise.all([0, 1, 2, 3].map((i) => pixels(`candidate-${i}`)));
  expect(new Set(all).size).toBe(4);
  await expect(page.getByTestId('stage-cutout')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('candidate-1')).toHaveAttribute('aria-label', 'use picture 2 (seed 43)');
});

test('picking the second lifts that picture into 3D: the image card is it, and the cutout is made from it', async () => {
  const second = await pixels('candidate-1');
  const seen = await sceneEventCount(page);
  await page.getByTestId('candidate-1').click();
  expect(await nextSceneReady(page, seen)).toMatchObject({ parts: 2 });
  await expect(page.getByTestId('candidate-1')).toHaveAttribute('aria-pressed', 'true');
  expect(await pixels('card-image')).toBe(second);
  await expect(page.getByTestId('stage-image')).toHaveAttribute('data-status', 'reused');
  await expect(page.getByTestId('stage-cutout')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('setting-seed')).toHaveValue('43');
  pickedCutout = await pixels('card-cutout');

  const again = await sceneEventCount(page);
  await page.getByTestId('candidate-0').click();
  await nextSceneReady(page, again);
  expect(await pixels('card-image')).toBe(await pixels('candidate-0'));
  expect(await pixels('card-cutout')).not.toBe(pickedCutout);
});

test('a plain run with the second candidate’s seed makes the same cutout as the pick', async () => {
  await page.reload();
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', /true|false/);
  await page.getByTestId('setting-candidates').selectOption('1');
  await setSettings(page, { seed: 43, numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 1500 });
  await page.getByTestId('prompt').fill('a rubber duck');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await nextSceneReady(page, seen);
  await expect(page.getByTestId('candidates')).toHaveCount(0);
  expect(await pixels('card-cutout')).toBe(pickedCutout);
  expect(errors).toEqual([]);
});
