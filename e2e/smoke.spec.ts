import { expect, test } from '@playwright/test';

// Browser plumbing, without the UI: isolation headers, the capability probe, and onnxruntime-web loading
// fixture graphs in a worker from our own origin (WebGPU EP for float32, wasm for float16 on SwiftShader).
test.beforeEach(async ({ page }) => {
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[page] ${m.text()}`);
  });
  await page.goto('/e2e/harness.html');
  await expect(page.getByTestId('harness-ready')).toBeVisible();
});

test('the page is cross-origin isolated (SharedArrayBuffer for wasm threads)', async ({ page }) => {
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

test('the probe finds WebGPU on SwiftShader, without shader-f16, and knows it for a software adapter', async ({ page }) => {
  const caps = await page.evaluate(() => window.lumenHarness.probe());
  expect(caps.webgpu).toBe(true);
  expect(caps.softwareAdapter).toBe('SwiftShader');
  expect(caps.shaderF16).toBe(false);
  expect(caps.crossOriginIsolated).toBe(true);
  expect(caps.threads).toBeGreaterThanOrEqual(1);
  expect(caps.maxBufferSize).toBeGreaterThan(0);
});

test('left to itself on SwiftShader, a worker runs every fixture graph on wasm and says the adapter is software', async ({ page }) => {
  const r = await page.evaluate(() => window.lumenHarness.runFixtureGraphs('auto'));
  expect([r.rmbg.provider, r.vaeQuery.provider, r.unet.provider]).toEqual(['wasm', 'wasm', 'wasm']);
  expect(r.rmbg.outputs).toEqual(['output']);
  expect(r.rmbg.min).toBeGreaterThan(0.99);
  expect(r.vaeQuery.logits[0]).toBeCloseTo(5, 4);
  expect(r.info.join('\n')).toMatch(
    /rmbg: runs on the CPU \(wasm\): this WebGPU adapter is software \(SwiftShader\); expected .* on WebGPU against .* on wasm/,
  );
});

test('with WebGPU forced, a worker runs fixture graphs: float32 on WebGPU, float16 and geometry on wasm', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const r = await page.evaluate(() => window.lumenHarness.runFixtureGraphs());
  expect(r.crossOriginIsolated).toBe(true);
  expect(r.rmbg.provider).toBe('webgpu');
  // Of the graph's two outputs only the one the stage reads came back (onnxruntime-web's fetches).
  expect(r.rmbg.graphOutputs).toEqual(['output', 'd1']);
  expect(r.rmbg.outputs).toEqual(['output']);
  // Black input is all object: sigmoid(20 * 0.85) ≈ 1 everywhere.
  expect(r.rmbg.min).toBeGreaterThan(0.99);
  expect(r.vaeQuery.provider).toBe('wasm');
  expect(r.vaeQuery.logits[0]).toBeCloseTo(5, 4);
  expect(r.vaeQuery.logits[1]).toBeCloseTo(-5, 4);
  expect(r.unet.provider).toBe('wasm');
  expect(r.info.join('\n')).toMatch(/unet: .*float16.*no shader-f16/);
  expect(r.info.join('\n')).toMatch(/vaeQuery: a small graph, run on the CPU/);
  expect(r.info.join('\n')).toMatch(/rmbg: runs on the GPU \(WebGPU\), with the CPU \(wasm\) as fallback: WebGPU is forced/);
  // Everything (ORT's wasm included) came from our own origin.
  const origin = new URL(page.url()).origin;
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`));
  expect(foreign).toEqual([]);
  // This Chromium has JSPI: ORT's JSPI build, and not the asyncify one as well.
  expect(requests.filter((u) => /\/ort\/ort-wasm-simd-threaded\.\w+\.wasm$/.test(u)).map((u) => new URL(u).pathname)).toEqual([
    '/ort/ort-wasm-simd-threaded.jspi.wasm',
  ]);
});

test('the placement the bench prints: each graph timed on every provider it can use here, the choice the faster', async ({ page }) => {
  const rows = await page.evaluate(() => window.lumenHarness.timePlacement('fixture'));
  expect(rows.map((r) => r.key)).toHaveLength(9);
  for (const r of rows) {
    expect(r.measured.wasm, r.key).toBeGreaterThan(0);
    if (r.usable.includes('webgpu')) expect(r.measured.webgpu, r.key).toBeGreaterThan(0);
    else expect(r.measured.webgpu, r.key).toBeUndefined();
    expect(r.chosen).toBe('wasm');
  }
  // rmbg: wasm is chosen on SwiftShader and measured the faster too.
  const rmbg = rows.find((r) => r.key === 'rmbg')!;
  expect(rmbg.measured.wasm!).toBeLessThan(rmbg.measured.webgpu!);
});
