import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { expect, test, type Page } from '@playwright/test';
import { FIXTURE_SET } from '../models/sets/fixture';
import type { StageContext } from '../src/runtime/context';
import { createNodeContext } from '../src/runtime/node-context';
import { createServerApp } from '../server/app';
import { expectAllStagesDone, nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// The app with "Run on: a Lumen server": the page sends the request to a real server (server/app.ts,
// onnxruntime-node in this test process) and shows what streams back, as it does for its own workers.
test.describe.configure({ mode: 'serial' });

let server: ServerType;
let serverUrl: string;
let page: Page;
let errors: string[];
const settled: string[] = [];

/** The fixture DiT takes microseconds a step; 40 ms makes a run long enough to cancel mid-denoising. */
function slowDit(ctx: StageContext): StageContext {
  const get = ctx.graphs.get.bind(ctx.graphs);
  ctx.graphs = {
    ...ctx.graphs,
    async get(key) {
      const s = await get(key);
      if (key !== 'dit') return s;
      return { ...s, inputs: s.inputs, outputs: s.outputs, run: async (feeds) => (await new Promise((r) => setTimeout(r, 40)), s.run(feeds)) };
    },
  };
  return ctx;
}

test.beforeAll(async ({ browser }) => {
  const sets = new Map([[FIXTURE_SET.id, { set: FIXTURE_SET, ctx: slowDit(createNodeContext(FIXTURE_SET)) }]]);
  const app = createServerApp({ sets, providers: ['cpu'], onRunSettled: (o) => settled.push(o) });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  page = await browser.newPage();
  errors = watchErrors(page);
  await openApp(page);
});

test.afterAll(async () => {
  await page?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function useServer(url: string) {
  const panel = page.getByTestId('advanced');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await page.getByTestId('backend-remote').check();
  await page.getByTestId('backend-url').fill(url);
  await page.getByTestId('backend-check').click();
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

test('a server that is gone is a plain error naming its address; this device works again', async () => {
  await useServer('http://127.0.0.1:9');
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
