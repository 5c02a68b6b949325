import { expect, test } from '@playwright/test';
import { expectAllStagesDone, nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// ORT's JSPI build where the browser has JSPI, its asyncify build where it has not (src/runtime/ort-web.ts).
// This Chromium has JSPI; a page whose WebAssembly.Suspending is gone before the app's probe stands for a
// browser without it, and its workers must load the asyncify build although their own realm could do JSPI:
// the page's probe decides for every worker, so all of a run's stages use one build.
for (const jspi of [true, false]) {
  const build = jspi ? 'jspi' : 'asyncify';
  test(`${jspi ? 'with' : 'without'} JSPI a run loads ORT's ${build} build and no other, and completes`, async ({ page }) => {
    const errors = watchErrors(page);
    if (!jspi)
      await page.addInitScript(() => {
        delete (WebAssembly as { Suspending?: unknown }).Suspending;
      });
    const loaded = new Set<string>();
    page.on('request', (r) => {
      // The service worker's precache takes both builds; what counts is what the stages fetch.
      if (!r.serviceWorker() && /\/ort\/[^/]+\.(wasm|mjs)$/.test(r.url())) loaded.add(new URL(r.url()).pathname);
    });
    await openApp(page);
    if (jspi) await expect(page.getByTestId('caps')).not.toContainText('no JSPI');
    else await expect(page.getByTestId('caps')).toContainText('no JSPI');
    await setSettings(page, { numParts: 2, partSteps: 2, gridResolution: 16, pointCount: 800 });
    await page.getByTestId('prompt').fill('a small teapot');
    const seen = await sceneEventCount(page);
    await page.getByTestId('generate').click();
    expect(await nextSceneReady(page, seen)).toMatchObject({ points: 800, parts: 2 });
    await expectAllStagesDone(page);
    expect([...loaded].sort()).toEqual([`/ort/ort-wasm-simd-threaded.${build}.mjs`, `/ort/ort-wasm-simd-threaded.${build}.wasm`]);
    expect(errors).toEqual([]);
  });
}
