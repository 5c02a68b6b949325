import { expect, test } from '@playwright/test';
import { openApp } from './app-helpers';

// The real set on a fresh browser: nothing installed, nothing compiled. The page says exactly that, keeps
// Generate off with the reason, and takes the user to the Models panel — without asking any host.
test('the real set says what is missing before it can generate, and opens the model manager', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(new URL(page.url() || 'http://localhost').origin)) foreign.push(r.url());
  });
  await openApp(page, '?set=real');
  const notice = page.getByTestId('set-notice');
  await expect(notice).toContainText(/\d+ of \d+ model files are not installed, and the PartCrafter graphs are not compiled/);
  await page.getByTestId('prompt').fill('a wise old owl');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await expect(page.getByTestId('generate')).toHaveAttribute('title', /Open Models/);
  await page.getByTestId('set-notice-models').click();
  await expect(page.getByTestId('set-real')).toBeVisible();
  expect(foreign.filter((u) => !u.startsWith('http://localhost'))).toEqual([]);
});
