// Per graph: the provider the automatic placement chooses on this machine (the built app's harness page
// in Chromium, WebGPU on SwiftShader), and the measured time per call on every provider the graph could
// use here (median of 3 after a warm-up call), beside the cost model's guesses.
import { chromium } from '@playwright/test';
import { startAppServer } from '../e2e/support/app-server';
import { GraphBuilder } from '../models/onnx/builder';
import type { Capabilities } from '../src/runtime/capabilities';
import { fasterProvider, formatMs } from '../src/runtime/placement';
import { CHROMIUM, CHROMIUM_ARGS, WEBGPU_ARGS } from './chromium';

// A compute-bound stand-in with known work: `layers` float32 MatMuls of n×n by n×n (2n³ FLOP each), so
// the measured time per provider gives that provider's throughput here, against the placement's guesses.
const N = 512;
const LAYERS = 4;
function matmulStack(): { model: Uint8Array; gflop: number } {
  const g = new GraphBuilder('matmul_stack');
  let h = g.input('x', 'float32', [N, N]);
  for (let l = 0; l < LAYERS; l++)
    h = g.op('MatMul', [
      h,
      g.f32(
        Float32Array.from({ length: N * N }, (_, i) => ((i * 7 + l) % 13) / (13 * N)),
        [N, N],
      ),
    ]);
  g.op('Identity', [h], {}, 'y');
  g.output('y', 'float32', [N, N]);
  return { model: new Uint8Array(g.toBytes()), gflop: (LAYERS * 2 * N ** 3) / 1e9 };
}

type Ms = Partial<Record<'webgpu' | 'wasm', number>>;
export interface PlacementRow {
  key: string;
  chosen: string;
  reason: string;
  usable: ('webgpu' | 'wasm')[];
  expectedMs: Ms;
  measured: Ms;
}

export interface StandIn {
  gflop: number;
  measured: Ms;
  chosen: string;
  expectedMs: Ms;
}

export async function benchPlacement(setId = 'fixture'): Promise<{ caps: string; rows: PlacementRow[]; standIn: StandIn }> {
  const server = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...WEBGPU_ARGS, ...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/e2e/harness.html`);
    await page.getByTestId('harness-ready').waitFor();
    const caps = await page.evaluate(() => window.lumenHarness.probe());
    const rows = (await page.evaluate((id) => window.lumenHarness.timePlacement(id), setId)) as PlacementRow[];
    const stack = matmulStack();
    const x = { dims: [N, N], data: Float32Array.from({ length: N * N }, (_, i) => (i % 7) / 7) };
    const measured = (await page.evaluate(([m, xx]) => window.lumenHarness.timeBytes(m, xx), [stack.model, x] as const)) as Ms;
    const choice = fasterProvider(caps as Capabilities, stack.gflop);
    const standIn = { gflop: stack.gflop, measured, chosen: choice.provider, expectedMs: choice.expectedMs };
    const adapter = caps.webgpu
      ? `WebGPU on ${caps.adapterName}${caps.softwareAdapter ? ` (software: ${caps.softwareAdapter})` : ''}`
      : 'no WebGPU';
    return { caps: `${adapter}, ${caps.threads} wasm threads`, rows, standIn };
  } finally {
    await browser.close();
    await server.close();
  }
}

const ms = (v: number | undefined) => (v === undefined ? '—' : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`);

export function printPlacement(setId: string, r: { caps: string; rows: PlacementRow[]; standIn: StandIn }): void {
  console.log(`\nPlacement per graph (${setId} set, Chromium, ${r.caps}); measured ms per call, median of 3:`);
  console.log(
    `  ${'graph'.padEnd(13)} ${'chosen'.padEnd(7)} ${'webgpu'.padStart(10)} ${'wasm'.padStart(10)}   fastest measured   guess webgpu / wasm`,
  );
  for (const row of r.rows) {
    const m = row.measured;
    const cannot = !row.usable.includes('webgpu') ? 'cannot' : undefined;
    const fastest =
      m.webgpu !== undefined && m.wasm !== undefined
        ? m.webgpu < m.wasm
          ? 'webgpu'
          : 'wasm'
        : row.usable.length === 1
          ? row.usable[0]
          : '?';
    const agree = fastest === row.chosen ? '' : ' (differs)';
    console.log(
      `  ${row.key.padEnd(13)} ${row.chosen.padEnd(7)} ${(cannot ?? ms(m.webgpu)).padStart(10)} ${ms(m.wasm).padStart(10)}   ${(fastest + agree).padEnd(16)}   ${ms(row.expectedMs.webgpu)} / ${ms(row.expectedMs.wasm)}`,
    );
  }
  console.log('  "cannot": WebGPU cannot take the graph here (float16 weights without shader-f16); chosen = the automatic placement');
  const s = r.standIn;
  const rate = (ms: number | undefined) => (ms ? `${(s.gflop / (ms / 1000)).toFixed(1)} GFLOP/s` : '—');
  console.log(`  compute-bound stand-in (${LAYERS} MatMuls ${N}×${N}, ${s.gflop.toFixed(2)} GFLOP): chosen ${s.chosen}`);
  for (const p of ['webgpu', 'wasm'] as const) {
    console.log(
      `    ${p.padEnd(7)} measured ${formatMs(s.measured[p] ?? NaN).padStart(9)} (${rate(s.measured[p])})   guessed ${formatMs(s.expectedMs[p] ?? NaN).padStart(9)} (${rate(s.expectedMs[p])})`,
    );
  }
  if (s.measured.webgpu && s.measured.wasm)
    console.log(`    WebGPU here takes ${(s.measured.webgpu / s.measured.wasm).toFixed(1)}× the time of wasm`);
}
