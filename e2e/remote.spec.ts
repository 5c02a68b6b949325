import { expect, test, type Page } from '@playwright/test';
import { FIXTURE_SET } from '../models/sets/fixture';
import { createNodeContext } from '../src/runtime/node-context';
import { startInProcess, testConfig } from '../server/testing/in-process';
import { slowDit } from '../server/testing/slow-dit';
import { expectAllStagesDone, nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// The app with "Run on: a Lumen server": the page sends the request to a real server (server/,
// onnxruntime-node in this test process) and shows what streams back, as it does for its own workers.
test.describe.configure({ mode: 'serial' });

let server: Awaited<ReturnType<typeof startInProcess>>;
let serverUrl: string;
let page: Page;
let errors: string[];
const settled: string[] = [];

test.beforeAll(async ({ browser }) => {
  const sets = new Map([[FIXTURE_SET.id, { set: FIXTURE_SET, ctx: slowDit(createNodeContext(FIXTURE_SET)) }]]);
  // A key, and the preview's origin allowed (CORS is closed by default); the key travels in the address.
  const origin = new URL(test.info().project.use.baseURL!).origin;
  server = await startInProcess(testConfig(['--origin', origin], { LUMEN_API_KEYS: 'e2e-key' }), {
    sets,
    onSettled: (_id, o) => settled.push(o),
  });
  serverUrl = server.url.replace('://', '://:e2e-key@');
  page = await browser.newPage();
  errors = watchErrors(page);
  await openApp(page);
});

test.afterAll(async () => {
  await page?.close();
  await server?.stop();
});

async function useServer(url: string, healthy = true) {
  const panel = page.getByTestId('advanced');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await page.getByTestId('backend-remote').check();
  await page.getByTestId('backend-url').fill(url);
  await page.getByTestId('backend-check').click();
  if (healthy) await expect(page.getByTestId('backend-health')).toContainText('fixture on cpu');
}

test('a run on a Lumen server streams every stage, both pictures and the cloud into the page', async () => {
  await useServer(serverUrl);
  await expect(page.getByTestId('backend-health')).toContainText('fixture on cpu');
  await expect(page.getByTestId('estimate')).toContainText('runs on the server');
  await setSettings(page, { numParts: 2, partSteps: 3, gridResolution: 20, pointCount: 1500 });
  await page.getByTestId('prompt').fill('a teapot');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, seen);
  await expectAllStagesDone(page);
  expect(scene).toMatchObject({ points: 1500, parts: 2 });
  await expect(page.getByTestId('card-image')).toBeVisible();
  await expect(page.getByTestId('card-cutout')).toBeVisible();
  await expect(page.getByTestId('stage-parts-detail')).toContainText('step 3/3');
  expect(settled.at(-1)).toBe('done');
});

test('cancel stops the run on the server too, and the next run succeeds', async () => {
  await setSettings(page, { partSteps: 100 });
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('stage-parts-detail')).toContainText('denoising', { timeout: 60_000 });
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('run-notice')).toContainText('Cancelled');
  await expect.poll(() => settled.at(-1)).toBe('cancelled');
  await setSettings(page, { partSteps: 2 });
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  expect(await nextSceneReady(page, seen)).toMatchObject({ points: 1500, parts: 2 });
});

test('a network drop mid-run is resumed where it left off: the whole cloud arrives, the stage strip completes', async () => {
  await useServer(serverUrl);
  await setSettings(page, { numParts: 2, gridResolution: 20, pointCount: 1500, partSteps: 40 });
  const streams: string[] = [];
  const count = (r: { url(): string }) => r.url().endsWith('/events') && streams.push(r.url());
  page.on('request', count);
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('stage-parts-detail')).toContainText('denoising', { timeout: 60_000 });
  // The drop: the browser goes offline and every open connection (the event stream too) is cut, as a
  // network that fails under a running job would; the job itself goes on on the server.
  await page.context().setOffline(true);
  server.dropConnections();
  await page.waitForTimeout(1200);
  await page.context().setOffline(false);
  expect(await nextSceneReady(page, seen)).toMatchObject({ points: 1500, parts: 2 });
  await expectAllStagesDone(page);
  await expect(page.getByTestId('stage-parts-detail')).toContainText('step 40/40');
  page.off('request', count);
  // One job, its stream opened again after the drop.
  expect(new Set(streams).size).toBe(1);
  expect(streams.length).toBeGreaterThan(1);
  expect(settled.at(-1)).toBe('done');
});

test('a server that is gone is a plain error naming its address; this device works again', async () => {
  await useServer('http://127.0.0.1:9', false);
  await expect(page.getByTestId('backend-error')).toContainText('No Lumen server answered at http://127.0.0.1:9');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('error-box')).toContainText('Could not reach the Lumen server at http://127.0.0.1:9');
  await page.getByTestId('backend-local').check();
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  expect(await nextSceneReady(page, seen)).toMatchObject({ parts: 2 });
  // The only console errors are the failed requests to the missing server.
  expect(errors.filter((e) => !/127\.0\.0\.1:9|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
});
