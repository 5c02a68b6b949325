// Per graph: the provider the automatic placement chooses on this machine (the built app's harness page
// in Chromium, WebGPU on SwiftShader), and the measured time per call on every provider the graph could
// use here (median of 3 after a warm-up call), beside the cost model's guesses.
import { chromium } from '@playwright/test';
import { startAppServer } from '../e2e/support/app-server';

const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WEBGPU = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

type Ms = Partial<Record<'webgpu' | 'wasm', number>>;
export interface PlacementRow {
  key: string;
  chosen: string;
  reason: string;
  usable: ('webgpu' | 'wasm')[];
  expectedMs: Ms;
  measured: Ms;
}

export async function benchPlacement(setId = 'fixture'): Promise<{ caps: string; rows: PlacementRow[] }> {
  const server = await startAppServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...WEBGPU, ...ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/e2e/harness.html`);
    await page.getByTestId('harness-ready').waitFor();
    const caps = await page.evaluate(() => window.lumenHarness.probe());
    const rows = (await page.evaluate((id) => window.lumenHarness.timePlacement(id), setId)) as PlacementRow[];
    const adapter = caps.webgpu ? `WebGPU on ${caps.adapterName}${caps.softwareAdapter ? ` (software: ${caps.softwareAdapter})` : ''}` : 'no WebGPU';
    return { caps: `${adapter}, ${caps.threads} wasm threads`, rows };
  } finally {
    await browser.close();
    await server.close();
  }
}

const ms = (v: number | undefined) => (v === undefined ? '—' : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`);

export function printPlacement(setId: string, r: { caps: string; rows: PlacementRow[] }): void {
  console.log(`\nPlacement per graph (${setId} set, Chromium, ${r.caps}); measured ms per call, median of 3:`);
  console.log(`  ${'graph'.padEnd(13)} ${'chosen'.padEnd(7)} ${'webgpu'.padStart(10)} ${'wasm'.padStart(10)}   fastest measured   guess webgpu / wasm`);
  for (const row of r.rows) {
    const m = row.measured;
    const cannot = !row.usable.includes('webgpu') ? 'cannot' : undefined;
    const fastest = m.webgpu !== undefined && m.wasm !== undefined ? (m.webgpu < m.wasm ? 'webgpu' : 'wasm') : row.usable.length === 1 ? row.usable[0] : '?';
    const agree = fastest === row.chosen ? '' : ' (differs)';
    console.log(`  ${row.key.padEnd(13)} ${row.chosen.padEnd(7)} ${(cannot ?? ms(m.webgpu)).padStart(10)} ${ms(m.wasm).padStart(10)}   ${(fastest + agree).padEnd(16)}   ${ms(row.expectedMs.webgpu)} / ${ms(row.expectedMs.wasm)}`);
  }
  console.log('  "cannot": WebGPU cannot take the graph here (float16 weights without shader-f16); chosen = the automatic placement');
}
