import { expect, test } from '@playwright/test';

// The local backend end to end on the fixture set, in four real workers: results, images as soon as
// they exist, and a cancelled run that leaves everything ready for the next one.
test.beforeEach(async ({ page }) => {
  await page.goto('/e2e/backend-harness.html');
  await expect(page.getByTestId('harness-ready')).toBeVisible();
});

test('generates a part-coloured point cloud of spheres from a prompt', async ({ page }) => {
  const r = await page.evaluate(() => window.lumenBackend.generate());
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  expect(r.images.map((i) => i.kind)).toEqual(['image', 'cutout']);
  expect(r.positions).toBe(3 * r.points);
  expect(r.points).toBeGreaterThan(0);
  expect(r.partNames).toHaveLength(3);
  expect(r.distinctParts).toEqual([0, 1, 2]);
  // Every fixture part is a sphere: points sit at one distance from their part's centre.
  for (const s of r.spreads) expect(s).toBeLessThan(0.1);
  const stages = r.events.filter((e) => e.status === 'done').map((e) => e.stage);
  expect(stages).toEqual(expect.arrayContaining(['image', 'cutout', 'parts', 'points']));
  expect(r.events.some((e) => e.status === 'info')).toBe(true);
});

test('a cancelled run rejects as cancelled and the next run succeeds', async ({ page }) => {
  const cancelled = await page.evaluate(() => window.lumenBackend.generate({}, 'parts'));
  expect(cancelled.ok).toBe(false);
  if (!cancelled.ok) expect(cancelled.error.name).toBe('AbortError');
  expect(cancelled.images.map((i) => i.kind)).toEqual(['image', 'cutout']);
  const next = await page.evaluate(() => window.lumenBackend.generate({ seed: 8 }));
  if (!next.ok) throw new Error(`${next.error.name}: ${next.error.message}`);
  expect(next.distinctParts).toEqual([0, 1, 2]);
});
