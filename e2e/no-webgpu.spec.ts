import { expect, test } from '@playwright/test';

// Chromium without --enable-unsafe-webgpu on this machine offers no adapter: the probe must say so in
// plain words and every graph must still run, on wasm.
test('without WebGPU the probe explains why and fixture graphs run on wasm', async ({ page }) => {
  await page.goto('/e2e/harness.html');
  await expect(page.getByTestId('harness-ready')).toBeVisible();
  const caps = await page.evaluate(() => window.lumenHarness.probe());
  expect(caps.webgpu).toBe(false);
  expect(caps.webgpuReason).toBeTruthy();
  const r = await page.evaluate(() => window.lumenHarness.runFixtureGraphs());
  expect(r.rmbg.provider).toBe('wasm');
  expect(r.rmbg.min).toBeGreaterThan(0.99);
  expect(r.unet.provider).toBe('wasm');
  expect(r.info.join('\n')).toMatch(/rmbg: runs on the CPU \(wasm\) because/);
});
