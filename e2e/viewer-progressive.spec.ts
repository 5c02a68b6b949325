import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { isLit, nextSceneReady, openApp, pngPixels, sceneEventCount, setSettings, shownPng, watchErrors } from './app-helpers';

// A cloud too big for one short frame on a CPU renderer (SwiftShader here) is drawn a chunk of points per
// frame over the preserved drawing buffer. The finished picture must be exactly what one whole draw gives:
// the PNG export draws the scene whole in one go, so its pixels are the reference.
test('a large cloud drawn over several frames ends as the very picture a single draw gives', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await setSettings(page, { numParts: 3, partSteps: 2, gridResolution: 20, pointCount: 30_000 });
  await page.getByTestId('prompt').fill('a teapot');
  let seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const ready = await nextSceneReady(page, seen);
  expect(ready).toMatchObject({ points: 30_000, parts: 3 });
  // Drawn in chunks: a software renderer starts at a few thousand points a frame.
  expect(ready.frames).toBeGreaterThan(1);

  /** A PNG's pixels as a compact digest: size, FNV-1a of the RGBA, non-background count. */
  const digest = (png: Buffer) => {
    const { width, height, data: d } = pngPixels(png);
    let h = 0x811c9dc5;
    let lit = 0;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193);
    for (let i = 0; i < d.length; i += 4) if (isLit(d, i)) lit++;
    return { width, height, hash: h >>> 0, lit };
  };
  const shown = () => shownPng(page);
  const exported = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    return readFile((await d.path())!);
  };

  const progressive = await digest(await shown());
  expect(progressive.lit).toBeGreaterThan(2000);
  expect(await digest(await exported())).toEqual(progressive);

  // A changed view (a part hidden) starts the picture over and ends whole again, without the hidden part.
  seen = await sceneEventCount(page);
  await page.getByTestId('legend-toggle-1').click();
  const hidden = await nextSceneReady(page, seen);
  expect(hidden).toMatchObject({ visibleParts: 2 });
  const partial = await digest(await shown());
  expect(partial.lit).toBeLessThan(progressive.lit);
  expect(await digest(await exported())).toEqual(partial);
  expect(errors).toEqual([]);
});
