import { expect, test, type Page } from '@playwright/test';
import { expectAllStagesDone, openApp, setSettings, watchErrors } from './app-helpers';

// Where graphs run on this machine's WebGPU, which is SwiftShader (a software adapter): left to itself the
// app names the adapter as software and runs every graph on wasm; the switch beside the capability line
// (or ?ep=) forces WebGPU, and is remembered.
test.describe.configure({ mode: 'serial' });

let page: Page;
let errors: string[];

async function generate(p: Page): Promise<void> {
  await setSettings(p, { numParts: 2, partSteps: 2, gridResolution: 16, pointCount: 1000 });
  await p.getByTestId('prompt').fill('a mug');
  await p.locator('[data-testid="generate"]:not([disabled])').click();
  await expectAllStagesDone(p);
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  errors = watchErrors(page);
});

test.afterAll(async () => {
  await page?.close();
});

test('automatic: the capability line names the software adapter and every graph runs on wasm', async () => {
  await openApp(page, '?set=fixture&ep=auto');
  const caps = page.getByTestId('caps');
  await expect(caps).toHaveAttribute('data-software', 'SwiftShader');
  await expect(caps).toHaveAttribute('data-force', 'auto');
  await expect(caps).toContainText('software WebGPU adapter (SwiftShader) — graphs run on wasm');
  // The estimate follows the placement: the CPU's pace, not the software GPU's.
  await expect(page.getByTestId('estimate')).toContainText('the CPU (wasm)');
  await generate(page);
  await expect(page.getByTestId('stage-cutout-info')).toContainText(
    'rmbg: runs on the CPU (wasm): this WebGPU adapter is software (SwiftShader)',
  );
  await expect(page.getByTestId('stage-parts-info')).toContainText('dit: runs on the CPU (wasm)');
  expect(errors).toEqual([]);
});

test('forced by the switch: WebGPU runs the float32 graphs, and the choice is remembered', async () => {
  await page.getByTestId('ep-switch').selectOption('webgpu');
  const caps = page.getByTestId('caps');
  await expect(caps).toHaveAttribute('data-force', 'webgpu');
  await expect(caps).toContainText('software WebGPU adapter (SwiftShader) — WebGPU forced');
  await generate(page);
  await expect(page.getByTestId('stage-cutout-info')).toContainText(
    'rmbg: runs on the GPU (WebGPU), with the CPU (wasm) as fallback: WebGPU is forced',
  );
  // Without ?ep= the remembered switch decides.
  await page.goto('/?set=fixture');
  await expect(page.getByTestId('caps')).toHaveAttribute('data-force', 'webgpu');
  await expect(page.getByTestId('ep-switch')).toHaveValue('webgpu');
  expect(errors).toEqual([]);
});

test("the Models panel's placement per graph follows the switch", async () => {
  await page.getByTestId('models-open').click();
  const row = (key: string) =>
    page
      .getByTestId('set-fixture')
      .getByTestId('fit-row')
      .and(page.locator(`[data-key="${key}"]`));
  await expect(row('rmbg')).toHaveAttribute('data-provider', 'webgpu');
  await page.getByTestId('ep-switch').selectOption('auto', { force: true });
  await expect(row('rmbg')).toHaveAttribute('data-provider', 'wasm');
  await expect(row('rmbg')).toContainText('this WebGPU adapter is software (SwiftShader)');
  await expect(row('unet')).toContainText('even as float32 this WebGPU adapter is software');
});

test('?ep= wins over the remembered switch for that page', async () => {
  await page.goto('/?set=fixture&ep=wasm');
  await expect(page.getByTestId('caps')).toHaveAttribute('data-force', 'wasm');
  await expect(page.getByTestId('caps')).toContainText('graphs run on wasm');
});
