// `npm run bench -- real-size [--graphs unet,dit] [--dir <folder>] [--keep]`: the real graphs at their
// real size through the real paths, on size-faithful stand-ins with random weights (models/realsize/).
// Each graph is generated to disk (streaming), served by a local server, downloaded into OPFS by the
// store worker (size and SHA-256 checked), and a session is created from OPFS in Chromium on wasm and on
// WebGPU (SwiftShader) the way the stage workers create it; the SDXL graphs' float32 variants are derived
// on the device (derive worker) and get a WebGPU session too. Per step: time, the acting worker's peak
// JS heap and the renderer and GPU processes' peak RSS, over the graph's file size, and any error as
// the browser gave it. About 3.8 GB on disk plus the same in the browser profile; both are deleted at
// the end (the generated files stay with --keep).
import { chromium } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_SET } from '../models/sets/real';
import { generate, type GeneratedGraph } from '../models/realsize/generate';
import { PARTCRAFTER_KEYS, SDXL_KEYS, type StandInKey } from '../models/realsize/stand-ins';
import { float32Path } from '../src/runtime/variants';
import { storePathOf } from '../src/store/set-install';
import { startAppServer } from '../e2e/support/app-server';
import { sampled, serveFiles, type Peaks } from './real-size-probes';
import { CHROMIUM, CHROMIUM_ARGS, WEBGPU_ARGS } from './chromium';

const ORDER: StandInKey[] = ['vaeQuery', 'textEncoder', 'vaeDecoder', 'vaeKv', 'imageEncoder', 'textEncoder2', 'dit', 'unet'];
const PORT = Number(process.env.LUMEN_PORT ?? 4270);

interface Step {
  label: string;
  ok: boolean;
  ms: number;
  peaks: Peaks;
  error?: string;
  note?: string;
}

export interface GraphReport {
  key: StandInKey;
  fileBytes: number;
  largestTensor: number;
  steps: Step[];
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

function printReport(r: GraphReport): void {
  console.log(`\n${r.key}: ${gib(r.fileBytes)} on disk, largest tensor ${(r.largestTensor / 2 ** 20).toFixed(1)} MiB`);
  for (const s of r.steps) {
    const p = s.peaks;
    const over = (n: number) => (n / r.fileBytes).toFixed(2);
    console.log(
      `  ${s.label.padEnd(26)} ${s.ok ? 'ok  ' : 'FAIL'} ${(s.ms / 1000).toFixed(1).padStart(7)} s   heap +${gib(p.heap)} (${over(p.heap)}×)` +
        `   renderer +${gib(p.renderer - p.rendererBaseline)} (${over(p.renderer - p.rendererBaseline)}×, peak ${gib(p.renderer)})` +
        `   gpu process +${gib(p.gpu - p.gpuBaseline)} (peak ${gib(p.gpu)})${s.note ? `   ${s.note}` : ''}${s.error ? `\n      ${s.error}` : ''}`,
    );
  }
}

export async function benchRealSize(argv: string[]): Promise<GraphReport[]> {
  const flag = (f: string) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);
  const keys = (flag('--graphs')?.split(',') as StandInKey[] | undefined) ?? ORDER;
  const dir = flag('--dir') ?? join(tmpdir(), 'lumen-realsize');
  const manifestPath = join(dir, 'manifest.json');
  const have: GeneratedGraph[] = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')).graphs : [];
  // The PartCrafter variant a GPU without shader-f16 (SwiftShader here) compiles: compileVariantFor
  // gives float32 there, and on wasm alike.
  const variant = 'f32';
  const current = (k: StandInKey) => have.some((g) => g.key === k && (!PARTCRAFTER_KEYS.includes(k) || g.variant === variant));
  const sdxl = keys.filter((k) => !current(k) && SDXL_KEYS.includes(k));
  const compiled = keys.filter((k) => !current(k) && PARTCRAFTER_KEYS.includes(k));
  const made = [...(sdxl.length ? await generate(dir, sdxl) : []), ...(compiled.length ? await generate(dir, compiled, { variant }) : [])];
  const generated = [...have.filter((g) => keys.includes(g.key) && current(g.key)), ...made];

  const files = await serveFiles(dir, PORT + 1);
  const app = await startAppServer(PORT + 2);
  // A persistent profile, as a user's browser has: Playwright's default contexts are off the record,
  // where Chromium keeps OPFS in memory under a small quota (the UNet's download stops near 1.2 GB).
  const profile = mkdtempSync(join(tmpdir(), 'lumen-realsize-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: [...WEBGPU_ARGS, ...CHROMIUM_ARGS] });
  const reports: GraphReport[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => m.type() === 'error' && console.log(`  [page] ${m.text().slice(0, 300)}`));
    await page.goto(`${app.url}/e2e/realsize-harness.html`);
    await page.getByTestId('harness-ready').waitFor({ state: 'visible' });
    await page.evaluate(() => window.lumenRealSize.clear());
    const cdp = await context.newCDPSession(page);
    for (const key of keys) {
      const g = generated.find((x) => x.key === key)!;
      const graphPath = REAL_SET.graphs[key].path;
      const storePath = storePathOf(REAL_SET.id, graphPath);
      const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
      const report: GraphReport = { key, fileBytes: g.files.reduce((n, f) => n + f.bytes, 0), largestTensor: g.largestTensor, steps: [] };
      const step = async (
        label: string,
        worker: string,
        work: () => Promise<{ ok: boolean; ms: number; error?: { name: string; message: string } }>,
        note?: (v: unknown) => string,
      ) => {
        const { value, peaks } = await sampled(cdp, worker, work);
        const s: Step = {
          label,
          ok: value.ok,
          ms: value.ms,
          peaks,
          error: value.error && `${value.error.name}: ${value.error.message.slice(0, 400)}`,
        };
        if (value.ok && note) s.note = note(value);
        report.steps.push(s);
        return value.ok;
      };
      let stored = true;
      for (const f of g.files) {
        const entry = { path: dirOf(storePath) + f.path, url: files.url + f.path, bytes: f.bytes, sha256: f.sha256 };
        stored &&= await step(`download ${f.path.endsWith('.data') ? 'data' : 'model'}`, 'store.worker', () =>
          page.evaluate((e) => window.lumenRealSize.download(e), entry),
        );
      }
      if (stored) {
        // A float16 graph gets WebGPU only through its float32 variant here (no shader-f16): the device
        // fit runs it on wasm until the variant exists, so those are the two sessions tried.
        const providers = SDXL_KEYS.includes(key) ? (['wasm'] as const) : (['wasm', 'webgpu'] as const);
        for (const provider of providers) {
          await step(`session ${provider}`, 'opfs-session', () =>
            page.evaluate(([p, pr]) => window.lumenRealSize.session(p, pr), [storePath, provider] as const),
          );
        }
        if (SDXL_KEYS.includes(key)) {
          const derived = await step(
            'derive float32',
            'derive.worker',
            () => page.evaluate((k) => window.lumenRealSize.derive('real', k), key),
            (v) => {
              const d = (v as { value: { bytes: number; dataBytes: number; largestTensorBytes: number } }).value;
              return `variant ${gib(d.bytes + d.dataBytes)} (data ${gib(d.dataBytes)}), largest tensor ${(d.largestTensorBytes / 2 ** 20).toFixed(1)} MiB`;
            },
          );
          if (derived) {
            const variant = storePathOf(REAL_SET.id, float32Path(graphPath));
            // The device fit lists wasm as the variant's fallback provider: does the float32 graph fit there?
            for (const provider of ['webgpu', 'wasm'] as const) {
              await step(`session ${provider} (float32)`, 'opfs-session', () =>
                page.evaluate(([p, pr]) => window.lumenRealSize.session(p, pr), [variant, provider] as const),
              );
            }
          }
        }
      }
      printReport(report);
      reports.push(report);
      // Keep the profile's disk use to one graph at a time.
      await page.evaluate(() => window.lumenRealSize.clear());
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await app.close();
    await files.close();
    if (!argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${PARTCRAFTER_KEYS.join(', ')}: compiled at released size as ${variant} (4-bit MatMulNBits, MultiHeadAttention)`);
  return reports;
}
