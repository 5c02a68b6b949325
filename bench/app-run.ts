// One run of the bench request in the built app, as a user starts it: the fixture set, the point count
// set in the advanced panel, Generate, until the history holds the run. Returns the run's time.
import type { Page } from '@playwright/test';
import { BENCH_REQUEST } from './request';

export async function runInApp(page: Page, appUrl: string, points: number): Promise<number> {
  await page.goto(`${appUrl}/?set=fixture`);
  await page.getByTestId('caps').and(page.locator('[data-webgpu]')).waitFor();
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('setting-pointCount').fill(String(points));
  await page.getByTestId('setting-pointCount').blur();
  await page.getByTestId('prompt').fill(BENCH_REQUEST.prompt);
  const t0 = Date.now();
  await page.getByTestId('generate').click();
  await page.locator('[data-testid="history"][data-count="1"]').waitFor({ timeout: 600_000 });
  return Date.now() - t0;
}
