import { expect, test, type Page } from '@playwright/test';
import { openApp } from './app-helpers';
import { startModelServer, type ModelServer } from './support/model-server';

// The Models panel with the real set over a host the user sets: the test server as a mirror (it serves
// stand-ins under the real set's Hub names: fixture bytes, e2e/support/hub-fixture.ts) and, through the
// browser context's routing, as huggingface.co. Faults for files the app addresses itself ride in the
// mirror's path (`f/<session>/<faults>/`).
test.describe.configure({ mode: 'serial' });

let server: ModelServer;
let page: Page;
const VAE = 'real/webnn/sdxl-turbo/resolve/main/onnx/vae_decoder_model_q4f16.onnx';
const RMBG = 'real/briaai/RMBG-1.4/resolve/main/onnx/model.onnx';

test.beforeAll(async ({ browser }) => {
  server = await startModelServer();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openApp(page);
  await page.evaluate(async () =>
    (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined),
  );
});
test.afterAll(async () => {
  await page?.close();
  await server?.close();
});

async function setHost(kind: 'huggingface' | 'mirror', mirrorUrl: string, token: string) {
  const details = page.getByTestId('host-settings');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  await page.getByTestId(kind === 'mirror' ? 'host-mirror' : 'host-hf').check();
  if (kind === 'mirror') await page.getByTestId('host-mirror-url').fill(mirrorUrl);
  await page.getByTestId('host-token').fill(token);
  await page.getByTestId('host-save').click();
}
const row = (path: string) => page.locator(`[data-testid="file-row"][data-path="${path}"]`);

test('the host is checked, saved, and still set after a reload', async () => {
  await page.getByTestId('models-open').click();
  await expect(page.getByTestId('host-current')).toHaveText('Hugging Face');
  await setHost('mirror', 'hf-mirror.com', '');
  await expect(page.getByTestId('host-error')).toContainText('not a web address');
  await setHost('mirror', `${server.url}f/ui1/stall@20000,ok/`, 'hf_secret');
  await expect(page.getByTestId('host-saved')).toBeVisible();
  await page.reload();
  await page.getByTestId('models-open').click();
  await expect(page.getByTestId('host-current')).toHaveText(`mirror ${server.url}f/ui1/stall@20000,ok/`);
  await page.getByTestId('host-settings').locator('summary').click();
  await expect(page.getByTestId('host-token')).toHaveValue('hf_secret');
});

test('the real set installs from the mirror with per-file progress, pauses, and resumes with only the missing bytes', async () => {
  const set = page.getByTestId('set-real');
  await expect(set.getByTestId('file-row')).toHaveCount(7);
  await expect(page.getByTestId('needs-real')).toHaveText(/once the host is asked/);
  await expect(page.getByTestId('on-device-real')).toContainText('dit.onnx');
  await page.getByTestId('licence-accept-real').check();
  await page.getByTestId('install-real').click();
  // The VAE stand-in stalls at 20 000 of its 33 536 bytes; the others finish.
  await expect(row(VAE).getByTestId('file-bytes')).toHaveText('20.0 kB / 33.5 kB');
  await expect(row(VAE).getByTestId('file-status')).toHaveText('partial 59%');
  await expect(page.getByTestId('progress-text-real')).toContainText(/\/s · ETA/);
  expect(await set.getByTestId('file-size').allTextContents()).not.toContain('?');
  await page.getByTestId('pause-real').click();
  await expect(page.getByTestId('set-state-real')).toHaveText('partially installed');
  await expect(page.getByTestId('install-real')).toHaveText('Resume');
  await expect(page.getByTestId('needs-real')).toHaveText(/^Needs 13\.5 kB, .* free$/);

  await page.getByTestId('install-real').click();
  await expect(page.getByTestId('set-state-real')).toHaveText('installed');
  await expect(page.getByTestId('notice-real')).toHaveText('Installed.');
  const vae = server.log.filter((x) => x.session === 'ui1' && x.path.endsWith('vae_decoder_model_q4f16.onnx'));
  expect(vae.map((x) => [x.range, x.start, x.bytesSent])).toEqual([
    [undefined, 0, 20000],
    ['bytes=20000-', 20000, 13536],
  ]);
  // The token was set, and never sent to the mirror.
  const ui1 = server.log.filter((x) => x.session === 'ui1');
  expect(ui1.some((x) => x.kind === 'tree')).toBe(true);
  expect(ui1.filter((x) => x.authorization !== undefined)).toEqual([]);
});

test('a gated repository: the mirror gets no token and says so; on Hugging Face the token makes it download', async () => {
  await page.getByTestId('delete-real').click();
  await expect(page.getByTestId('set-state-real')).toHaveText('not installed');
  server.gate('briaai/RMBG-1.4', 'hf_good');
  try {
    await setHost('mirror', server.url, 'hf_good');
    await page.getByTestId('install-real').click();
    await expect(page.getByTestId('error-real')).toContainText(/briaai\/RMBG-1\.4.*HTTP 401.*never to a mirror/);
    await expect(row(RMBG).getByTestId('file-status')).toHaveText('failed');
    await expect(row(VAE).getByTestId('file-status')).toHaveText('complete');

    const seen: { url: string; auth?: string }[] = [];
    await page.context().route('https://huggingface.co/**', async (route) => {
      const req = route.request();
      seen.push({ url: req.url(), auth: (await req.headerValue('authorization')) ?? undefined });
      await route.fulfill({ response: await route.fetch({ url: req.url().replace('https://huggingface.co/', server.url) }) });
    });
    await setHost('huggingface', '', 'hf_good');
    await expect(page.getByTestId('host-current')).toHaveText('Hugging Face');
    await page.getByTestId('install-real').click();
    await expect(page.getByTestId('set-state-real')).toHaveText('installed');
    // Files already stored stay (same content, whichever host served it); only the gated one is fetched.
    expect(seen.filter((r) => r.url.includes('/resolve/')).map((r) => r.url)).toEqual([
      `https://huggingface.co/${RMBG.slice('real/'.length)}`,
    ]);
    expect(seen.every((r) => r.auth === 'Bearer hf_good')).toBe(true);
    await page.context().unroute('https://huggingface.co/**');
  } finally {
    server.gate('briaai/RMBG-1.4', null);
  }
});

test('a mirror the browser may not read (no CORS) is named with what to check', async () => {
  await page.getByTestId('delete-real').click();
  await expect(page.getByTestId('set-state-real')).toHaveText('not installed');
  await setHost('mirror', `${server.url}nocors/`, '');
  await page.getByTestId('install-real').click();
  await expect(page.getByTestId('error-real')).toContainText(
    /could not reach the mirror at http:\/\/127\.0\.0\.1:\d+\/nocors\/.*Access-Control-Allow-Origin/,
  );
  await expect(page.getByTestId('set-state-real')).toHaveText('not installed');
});
