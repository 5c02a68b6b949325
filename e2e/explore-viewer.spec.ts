import { expect, test, type Page } from '@playwright/test';
import { isLit, nextSceneReady, openApp, paletteCounts, sceneEventCount, setSettings, shownPixels, watchErrors } from './app-helpers';

// The viewer's tools on a fixture run: depth shading, turntable, fit / reset, keyboard shortcuts and their help.
test.describe.configure({ mode: 'serial' });

const K = 3;
let page: Page;
let errors: string[];

/** A hash of the canvas pixels, and the width of the lit (not background) area in pixels. */
const view = async () => {
  const { width, data: d } = await shownPixels(page);
  let h = 0x811c9dc5;
  let lo = width;
  let hi = -1;
  for (let i = 0; i < d.length; i += 4) {
    h = Math.imul(h ^ (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16)), 0x01000193);
    const x = (i / 4) % width;
    if (isLit(d, i)) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return { hash: (h >>> 0).toString(16), lit: Math.max(0, hi - lo) };
};
/** The view once it stops changing (the worker draws a camera change a frame or more after the click). */
async function settledView(): Promise<Awaited<ReturnType<typeof view>>> {
  let last = await view();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(150);
    const now = await view();
    if (now.hash === last.hash) return now;
    last = now;
  }
  throw new Error('The view kept changing for 7.5 s.');
}
const exact = async () => (await paletteCounts(page)).slice(0, K).reduce((a, b) => a + b, 0);

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  errors = watchErrors(page);
  await openApp(page);
  await setSettings(page, { numParts: K, partSteps: 2, gridResolution: 20, pointCount: 3000 });
  await page.getByTestId('prompt').fill('a robot');
  const seen = await sceneEventCount(page);
  await page.getByTestId('generate').click();
  await nextSceneReady(page, seen);
  // Shortcuts are the page's, not a focused field's.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
});

test.afterAll(async () => {
  await page?.close();
});

test('depth shading (D) darkens the far side: palette-exact pixels drop, and come back when it is off', async () => {
  const flat = await exact();
  expect(flat).toBeGreaterThan(300);
  await page.keyboard.press('d');
  await expect(page.getByTestId('view-depth')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(exact).toBeLessThan(flat / 3);
  await page.keyboard.press('d');
  await expect.poll(exact).toBe(flat);
});

test('the turntable (T) turns the view until it is switched off', async () => {
  const still = await view();
  await page.keyboard.press('t');
  await expect(page.getByTestId('view-turntable')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await view()).hash).not.toBe(still.hash);
  await page.keyboard.press('t');
  await expect(page.getByTestId('view-turntable')).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(300);
  const a = await view();
  await page.waitForTimeout(500);
  expect((await view()).hash).toBe(a.hash);
});

test('zoomed far out, Fit brings the object back to fill the view; Reset returns to the first view', async () => {
  await page.getByTestId('view-reset').click();
  const home = await settledView();
  const canvas = page.locator('[data-testid="viewer"] canvas');
  await canvas.hover();
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 400);
  await expect.poll(async () => (await view()).lit).toBeLessThan(home.lit / 2);
  await page.keyboard.press('f');
  await expect.poll(async () => (await view()).lit).toBeGreaterThan(home.lit * 0.7);
  await page.keyboard.press('r');
  await expect.poll(async () => (await view()).hash).toBe(home.hash);
});

test('? opens the shortcut help listing every key; Esc closes it; keys typed in a field are not shortcuts', async () => {
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  for (const k of ['F', 'R', 'T', 'D', 'M', 'E', 'A']) await expect(help.locator('kbd', { hasText: new RegExp(`^${k}$`) })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.getByTestId('prompt').press('t');
  await expect(page.getByTestId('view-turntable')).toHaveAttribute('aria-pressed', 'false');
  // 2 isolates the second part.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const seen = await sceneEventCount(page);
  await page.keyboard.press('2');
  expect((await nextSceneReady(page, seen, 30_000)).visible).toEqual([1]);
  await page.keyboard.press('a');
  expect(errors).toEqual([]);
});
