import { expect, test, type Page } from '@playwright/test';
import { discPng, expectAllStagesDone, nextSceneReady, openApp, paletteCounts, sceneEventCount, setSettings } from './app-helpers';

// What a new user meets on the built app (fixture set, SwiftShader WebGPU): clicks that land where a
// button just changed, a cancel while points are being made, numbers typed past their limits, a bad file
// after a good one, the estimate of a cold first run, explode framing, accessible names, and a clean
// console. One page for the file, so the first test is the page's cold run and the rest are warm.
test.describe.configure({ mode: 'serial' });

let page: Page;
/** Every console error or warning and every uncaught error, with nothing filtered out. */
const noise: string[] = [];
/** Workers the page started, by name: a cancel that kills a worker shows up as a second one. */
const workers: string[] = [];

/** Where a button is on screen now (scrolled into view: mouse clicks are in viewport coordinates). */
async function centre(p: Page, testId: string): Promise<{ x: number; y: number }> {
  await p.getByTestId(testId).scrollIntoViewIfNeeded();
  const box = await p.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} has no box`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => noise.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // Chromium's own note when its compositor reads back a WebGL canvas drawn by a software GL (any
    // canvas that merely clears shows it here); it is the browser's, not the page's.
    if (/^\[\.WebGL-[0-9a-fx]+\]GL Driver Message \([^)]*Performance/.test(m.text())) return;
    noise.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await openApp(page);
});

test.afterAll(async () => {
  await page?.close();
});

test('a double-click on Generate runs once to the end; the estimate says the first run is a cold one', async () => {
  const estimate = page.getByTestId('estimate');
  await expect(estimate).toHaveAttribute('data-cold', 'true');
  const coldMs = Number(await estimate.getAttribute('data-ms'));
  await setSettings(page, { numParts: 3, partSteps: 3, gridResolution: 24, pointCount: 3000 });
  const warmGuess = Number(await estimate.getAttribute('data-warm-ms'));
  expect(coldMs).toBeGreaterThan(warmGuess);

  const at = await centre(page, 'generate');
  const seen = await sceneEventCount(page);
  const t0 = Date.now();
  await page.mouse.dblclick(at.x, at.y);
  const cancelAt = await centre(page, 'cancel');
  await nextSceneReady(page, seen);
  const wallMs = Date.now() - t0;
  await expectAllStagesDone(page);
  await expect(page.getByTestId('run-notice')).toHaveCount(0);
  console.log(`cold run: ${(wallMs / 1000).toFixed(1)} s; estimated ${(coldMs / 1000).toFixed(1)} s (${(coldMs / wallMs).toFixed(2)}×)`);
  // Honest within a factor of four either way (the class guess before this device has run at all).
  expect(coldMs).toBeGreaterThan(wallMs / 4);
  expect(coldMs).toBeLessThan(wallMs * 4);
  // The workers are warm now, and the estimate says so.
  await expect(estimate).toHaveAttribute('data-cold', 'false');

  // A click meant for Cancel that arrives just after the run ended must not start another run.
  await page.mouse.click(cancelAt.x, cancelAt.y);
  await page.waitForTimeout(600);
  await expectAllStagesDone(page);
  expect(await sceneEventCount(page)).toBe(seen + 1);
});

test('two clicks 150 ms apart on Generate do not cancel the run they started', async () => {
  const at = await centre(page, 'generate');
  const seen = await sceneEventCount(page);
  await page.mouse.click(at.x, at.y);
  await page.waitForTimeout(150);
  await page.mouse.click(at.x, at.y);
  await nextSceneReady(page, seen);
  // Nothing changed since the last run, so Generate re-rolls from its kept outputs: only points rerun.
  await expectAllStagesDone(page, [], ['text', 'image', 'cutout', 'parts']);
  await expect(page.getByTestId('run-notice')).toHaveCount(0);
});

test('cancel while points are made stops the points stage there, shows it cancelled, and kills no worker', async () => {
  // Ten parts at 128³: seconds of points work here, so the click lands inside the stage.
  await setSettings(page, { gridResolution: 128, numParts: 10, partSteps: 1 });
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('stage-points')).toHaveAttribute('data-status', 'running', { timeout: 240_000 });
  await expect(page.getByTestId('stage-points-detail')).toContainText('part');
  expect(workers.filter((w) => w.includes('geometry.worker'))).toHaveLength(1); // the event is seen at all
  const spawned = workers.length;
  // Clicked in the page and timed there, to the moment Generate is enabled again (the run has settled).
  // A run that ended before the click, or a Generate that stays disabled, is said as such, not left to
  // the test's timeout.
  const stop = await page.evaluate(
    () =>
      new Promise<{ ms: number } | { failed: string }>((resolve) => {
        const generate = document.querySelector('[data-testid="generate"]') as HTMLButtonElement;
        const cancel = document.querySelector('[data-testid="cancel"]') as HTMLButtonElement;
        const points = () => document.querySelector('[data-testid="stage-points"]')?.getAttribute('data-status');
        if (!generate.disabled || cancel.disabled) {
          resolve({ failed: `the run had ended before Cancel was clicked (points: ${points()})` });
          return;
        }
        const t0 = performance.now();
        const late = setTimeout(() => {
          seen.disconnect();
          resolve({ failed: `Generate was still disabled 60 s after Cancel (points: ${points()})` });
        }, 60_000);
        const seen = new MutationObserver(() => {
          if (generate.disabled) return;
          seen.disconnect();
          clearTimeout(late);
          resolve({ ms: performance.now() - t0 });
        });
        seen.observe(generate, { attributes: true });
        cancel.click();
      }),
  );
  if ('failed' in stop) throw new Error(stop.failed);
  const stopMs = stop.ms;
  console.log(`points stage stopped ${Math.round(stopMs)} ms after Cancel`);
  await expect(page.getByTestId('stage-points')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('stage-points-detail')).toContainText('cancelled');
  await expect(page.getByTestId('run-notice')).toContainText('Cancelled');
  const log = await page.evaluate(() => window.__lumen!.progress);
  expect(log.filter((e) => e.stage === 'points' && e.status === 'done')).toEqual([]);

  // The next run reuses the geometry worker: it stopped between query batches, it was not terminated.
  await setSettings(page, { gridResolution: 24, numParts: 3, partSteps: 3 });
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await nextSceneReady(page, seen);
  // The settings are the last finished run's again, so it re-rolls from that run's latents: points only.
  await expectAllStagesDone(page, [], ['text', 'image', 'cutout', 'parts']);
  expect(workers.slice(spawned)).toEqual([]);
});

test('a number typed past its limit is replaced by the value that will run, with its range', async () => {
  const cases: [string, string, string][] = [
    ['partSteps', '1000', '100'],
    ['gridResolution', '1280', '128'],
    ['pointCount', '5000000', '500000'],
    ['partSteps', '-1', '1'],
  ];
  await setSettings(page, {}); // opens the panel
  for (const [key, typed, runs] of cases) {
    const input = page.getByTestId(`setting-${key}`);
    await input.fill('');
    await input.pressSequentially(typed);
    await input.blur();
    await expect(input).toHaveValue(runs);
    await expect(page.getByTestId(`setting-${key}-note`)).toContainText(`${typed} became`);
  }
  await setSettings(page, { partSteps: 3, gridResolution: 24, pointCount: 3000 });
  await expect(page.getByTestId('setting-partSteps-note')).toHaveCount(0);
});

test('a bad file picked after a good one shows its error and detaches the earlier image', async () => {
  await page.getByTestId('upload-input').setInputFiles({ name: 'disc.png', mimeType: 'image/png', buffer: await discPng(page) });
  await expect(page.getByTestId('upload-chip')).toContainText('disc.png');
  await page.getByTestId('upload-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(page.getByTestId('upload-error')).toContainText('notes.txt');
  await expect(page.getByTestId('upload-error')).toContainText('disc.png');
  await expect(page.getByTestId('upload-chip')).toHaveCount(0);
  await expect(page.getByTestId('prompt')).toBeEnabled();
});

test('explode keeps every part of a 16-part object inside the frame', async () => {
  await setSettings(page, { numParts: 16, gridResolution: 24, pointCount: 8000 });
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, seen);
  expect(scene.parts).toBe(16);
  const after = await sceneEventCount(page);
  await page.getByTestId('explode').fill('1');
  await nextSceneReady(page, after, 30_000);
  const counts = await paletteCounts(page);
  for (let p = 0; p < 16; p++) expect(counts[p], `pixels of part ${p + 1}'s colour`).toBeGreaterThan(3);
  // Nothing cut by the frame: no part's colour on the canvas's outermost pixels.
  expect((await paletteCounts(page, 2)).reduce((a, b) => a + b, 0)).toBe(0);
  await page.getByTestId('explode').fill('0');
});

test('controls have distinct accessible names, sliders say their value, the canvas is described', async () => {
  await setSettings(page, { numParts: 1, pointCount: 3000 });
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await nextSceneReady(page, seen);
  await expect(page.getByTestId('viewer-summary')).toHaveText(/^3,000 points · 1 part$/);
  await expect(page.getByRole('button', { name: 'isolate Part 1' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'show Part 1' })).toBeVisible();
  await expect(page.getByTestId('explode')).toHaveAttribute('aria-valuetext', '0%');
  await expect(page.getByTestId('point-size')).toHaveAttribute('aria-valuetext', /px$/);
  await expect(page.getByTestId('setting-numParts')).toHaveAttribute('aria-valuetext', '1 part');
  await expect(page.getByTestId('setting-imageSteps')).toHaveAttribute('aria-valuetext', /^\d steps?$/);
  const canvas = page.locator('[data-testid="viewer"] canvas');
  await expect(canvas).toHaveAttribute('role', 'img');
  await expect(canvas).toHaveAttribute('aria-label', /3,000 points in 1 part\b/);
});

test('no console error or warning, from any source, during these runs', async () => {
  expect(noise).toEqual([]);
});

test('offline with the set not stored in this browser, the error says to install it, not to check the connection', async ({ browser }) => {
  const context = await browser.newContext();
  const p = await context.newPage();
  try {
    await openApp(p);
    // The service worker serves the app and its workers offline; the fixture's graphs are not stored here.
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await context.setOffline(true);
    await p.getByTestId('generate').click();
    await expect(p.getByTestId('error-box')).toHaveAttribute('data-error-name', 'AssetFetchError', { timeout: 120_000 });
    const advice = p.getByTestId('error-advice');
    await expect(advice).toContainText('offline');
    await expect(advice).toContainText('not installed in this browser');
    await expect(advice).toContainText('Models');
    await expect(advice).not.toContainText('connection');
  } finally {
    await context.close();
  }
});
