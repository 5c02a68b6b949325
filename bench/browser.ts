// Per-stage times of a whole run in Chromium (the built app, fixture set, WebGPU via SwiftShader or the
// wasm EP) and the longest main-thread task during it (PerformanceObserver 'longtask').
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium } from '@playwright/test';
import { BENCH_REQUEST } from './request';
import { CHROMIUM, CHROMIUM_ARGS, WEBGPU_ARGS } from './chromium';

const PORT = 4174;
const BASE = `http://localhost:${PORT}`;

export interface BrowserRun {
  stages: Record<string, number>;
  longestTaskMs: number;
  totalMs: number;
}

async function startPreview(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--mode', 'e2e', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${BASE} (run \`npm run build:e2e\` first)`);
}

/** Two runs in one page: the first creates the sessions (cold), the second is warm. */
export async function benchBrowser(webgpu: boolean): Promise<{ cold: BrowserRun; warm: BrowserRun }> {
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: webgpu ? [...WEBGPU_ARGS, ...CHROMIUM_ARGS] : CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __benchLongest: number };
      w.__benchLongest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__benchLongest = Math.max(w.__benchLongest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    // WebGPU forced where it is measured: SwiftShader is a software adapter the app would leave for wasm.
    await page.goto(`${BASE}/?set=fixture&ep=${webgpu ? 'webgpu' : 'auto'}`);
    await page.getByTestId('caps').and(page.locator('[data-webgpu]')).waitFor();
    await page.getByTestId('prompt').fill(BENCH_REQUEST.prompt);
    const runOnce = async (): Promise<BrowserRun> => {
      await page.evaluate(() => ((window as unknown as { __benchLongest: number }).__benchLongest = 0));
      const t0 = Date.now();
      await page.getByTestId('generate').click();
      await page.locator('[data-testid="stage-points"][data-status="done"]').waitFor({ timeout: 600_000 });
      const totalMs = Date.now() - t0;
      return page.evaluate((totalMs) => {
        const w = window as unknown as { __lumen: { progress: { status: string; stage: string; ms?: number }[] }; __benchLongest: number };
        const stages: Record<string, number> = {};
        for (const e of w.__lumen.progress) if (e.status === 'done') stages[e.stage] = e.ms ?? 0;
        return { stages, longestTaskMs: w.__benchLongest, totalMs };
      }, totalMs);
    };
    const cold = await runOnce();
    await page.locator('[data-testid="generate"]:not([disabled])').waitFor();
    const warm = await runOnce();
    return { cold, warm };
  } finally {
    await browser.close();
    server.kill();
  }
}
