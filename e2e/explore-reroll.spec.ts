import { expect, test, type Page } from '@playwright/test';
import { expectAllStagesDone, nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// Re-roll from any stage on the fixture set: a parts setting reruns parts and points on the same cutout,
// a geometry setting reruns points from the same latents, and Cancel behaves as in a full run.
test.describe.configure({ mode: 'serial' });

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

const stagesRun = () => page.evaluate(() => [...new Set(window.__lumen!.progress.filter((e) => e.status === 'done').map((e) => e.stage))]);
const cutoutPixels = () =>
  page
    .getByTestId('card-cutout')
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) =>
      Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.slice(0, 4096)).join(','),
    );

async function generate(): Promise<{ parts: number; points: number }> {
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  return nextSceneReady(page, seen);
}

async function expectStatuses(s: Record<string, string>): Promise<void> {
  for (const [id, status] of Object.entries(s)) await expect(page.getByTestId(`stage-${id}`)).toHaveAttribute('data-status', status);
}

test('changing the part count reruns only parts and points, on the same cutout', async () => {
  await setSettings(page, { numParts: 2, partSteps: 2, gridResolution: 20, pointCount: 2000 });
  await page.getByTestId('prompt').fill('a teapot');
  expect(await generate()).toMatchObject({ parts: 2 });
  await expectAllStagesDone(page);
  const cutout = await cutoutPixels();

  await setSettings(page, { numParts: 3 });
  expect(await generate()).toMatchObject({ parts: 3, points: 2000 });
  await expectStatuses({ text: 'reused', image: 'reused', cutout: 'reused', parts: 'done', points: 'done' });
  await expect(page.getByTestId('stage-cutout-detail')).toContainText('reused');
  expect(await stagesRun()).toEqual(['parts', 'points']);
  expect(await cutoutPixels()).toBe(cutout);
});

test('changing only the point count reruns points from the same latents', async () => {
  await setSettings(page, { pointCount: 1500 });
  expect(await generate()).toMatchObject({ parts: 3, points: 1500 });
  await expectStatuses({ text: 'reused', image: 'reused', cutout: 'reused', parts: 'reused', points: 'done' });
  expect(await stagesRun()).toEqual(['points']);
});

test('"New parts" keeps the picture and reruns parts with a new seed; a new prompt reruns everything', async () => {
  const before = await page.evaluate(() => window.__lumenTest!.cloudHash());
  const seen = await sceneEventCount(page);
  await page.getByTestId('reroll-parts').click();
  await nextSceneReady(page, seen);
  await expectStatuses({ text: 'reused', image: 'reused', cutout: 'reused', parts: 'done', points: 'done' });
  expect(await page.evaluate(() => window.__lumenTest!.cloudHash())).not.toBe(before);

  await page.getByTestId('prompt').fill('a kettle');
  await generate();
  await expectAllStagesDone(page);
});

test('cancel during a re-rolled parts stage stops it, and the next re-roll succeeds', async () => {
  // Sixteen parts make the hundred steps take seconds, so the cancel lands inside the loop, not after it.
  await setSettings(page, { partSteps: 100, numParts: 16 });
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('stage-parts')).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  await expectStatuses({ cutout: 'reused' });
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('generate')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('stage-parts')).not.toHaveAttribute('data-status', 'running');

  await setSettings(page, { partSteps: 2, numParts: 2 });
  expect(await generate()).toMatchObject({ parts: 2 });
  await expectStatuses({ text: 'reused', image: 'reused', cutout: 'reused', parts: 'done', points: 'done' });
  expect(errors).toEqual([]);
});
