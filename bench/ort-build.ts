// ORT's two wasm builds in the app (src/runtime/ort-web.ts): a first run of the fixture set (30,000 points)
// in a fresh Chromium with the JSPI build and with the asyncify one (a page without WebAssembly.Suspending),
// one after the other: the run's time, then the CPU the renderer process keeps using while the page is idle
// (V8 compiling the wasm's hot functions with its optimising tier), read from /proc (Linux).
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { startAppServer } from '../e2e/support/app-server';
import { runInApp } from './app-run';
import { CHROMIUM, CHROMIUM_ARGS, WEBGPU_ARGS } from './chromium';

const IDLE_S = 30;
const POINTS = 30_000;

export interface BuildFigure {
  build: 'jspi' | 'asyncify';
  runMs: number;
  /** Renderer CPU per second of the idle page after the run, and how long it stayed over 100 ms/s. */
  idleCpuMs: number[];
}

/** CPU time (ms) of every chromium renderer process, from /proc/<pid>/stat (utime + stime, 10 ms ticks). */
function rendererCpuMs(): number {
  let ms = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ms;
}

async function firstRun(build: BuildFigure['build']): Promise<BuildFigure> {
  const server = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...WEBGPU_ARGS, ...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    if (build === 'asyncify')
      await page.addInitScript(() => {
        delete (WebAssembly as { Suspending?: unknown }).Suspending;
      });
    const runMs = await runInApp(page, server.url, POINTS);
    const idleCpuMs: number[] = [];
    let last = rendererCpuMs();
    for (let s = 0; s < IDLE_S; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = rendererCpuMs();
      idleCpuMs.push(now - last);
      last = now;
    }
    return { build, runMs, idleCpuMs };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function benchOrtBuilds(): Promise<BuildFigure[]> {
  return [await firstRun('jspi'), await firstRun('asyncify')];
}

export function printOrtBuilds(figures: BuildFigure[]): void {
  console.log(
    `\nORT's wasm build, first fixture run (${POINTS.toLocaleString()} points) in a fresh Chromium (WebGPU on SwiftShader), then ${IDLE_S} s idle:`,
  );
  const total = (f: BuildFigure) => f.idleCpuMs.reduce((a, b) => a + b, 0);
  const [jspi] = figures;
  const jspiCpu = total(jspi);
  for (const f of figures) {
    const cpu = total(f);
    const busy = f.idleCpuMs.filter((ms) => ms > 100).length;
    console.log(
      `  ${f.build.padEnd(9)} run ${(f.runMs / 1000).toFixed(1)} s (${(f.runMs / jspi.runMs).toFixed(2)}× JSPI)   ` +
        `renderer CPU while idle ${(cpu / 1000).toFixed(1)} s (${(cpu / Math.max(1, jspiCpu)).toFixed(1)}× JSPI), ${busy} s of ${IDLE_S} over 100 ms/s`,
    );
  }
}
