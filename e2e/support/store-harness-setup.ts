// What the store specs share: the fault-injecting model server for the whole file, and a clean store
// harness page before each test. Returns a getter, since the server exists only once beforeAll ran.
import { expect, test } from '@playwright/test';
import { startModelServer, type ModelServer } from './model-server';

export function useStoreHarness(): () => ModelServer {
  let server: ModelServer;
  test.beforeAll(async () => {
    server = await startModelServer();
  });
  test.afterAll(() => server.close());
  test.beforeEach(async ({ page }) => {
    await page.goto('/e2e/store-harness.html');
    await expect(page.getByTestId('harness-ready')).toBeVisible();
    await page.evaluate(() => window.lumenStore.clear());
  });
  return () => server;
}
