import { expect, test } from '@playwright/test';
import { expectAllStagesDone, nextSceneReady, openApp, sceneEventCount, setSettings, watchErrors } from './app-helpers';

// Chromium without the WebGPU flags: the app says it runs on wasm, and a full run still completes.
test('without WebGPU the app shows the wasm banner and a run completes on wasm', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await expect(page.getByTestId('caps')).toHaveAttribute('data-webgpu', 'false');
  await expect(page.getByTestId('wasm-banner')).toContainText('wasm');

  await setSettings(page, { numParts: 2, partSteps: 3, gridResolution: 24, pointCount: 2000 });
  await page.getByTestId('prompt').fill('a blue vase');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  const scene = await nextSceneReady(page, seen);
  await expectAllStagesDone(page);
  expect(scene).toMatchObject({ points: 2000, parts: 2, visibleParts: 2 });
  await expect(page.getByTestId('error-box')).toHaveCount(0);
  expect(errors).toEqual([]);
});
