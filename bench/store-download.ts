// Download + hash into OPFS through the store worker, against a plain fetch of the same file read to the
// end, in the same page (the built store harness), from the same local server. The file (tens of MB) is
// made here, never committed. The figure is the store's throughput over the plain fetch's: how much of
// the network's speed the store keeps while it writes through a sync handle and hashes every byte.
import { createHash } from 'node:crypto';
import { chromium } from '@playwright/test';
import { startAppServer } from '../e2e/support/app-server';
import { startModelServer } from '../e2e/support/model-server';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

const BYTES = 64 * 2 ** 20;
const ROUNDS = 3;

export interface StoreBench {
  bytes: number;
  fetchMs: number[];
  storeMs: number[];
  /** Store throughput over plain-fetch throughput, from the medians (goal ≥ 0.5). */
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function makeFile(): Buffer {
  // Incompressible-looking bytes from a cheap generator (xorshift), so nothing on the way can shrink them.
  const out = Buffer.allocUnsafe(BYTES);
  let x = 0x9e3779b9;
  for (let i = 0; i < BYTES; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeInt32LE(x | 0, i);
  }
  return out;
}

export async function benchStoreDownload(): Promise<StoreBench> {
  const file = makeFile();
  const sha256 = createHash('sha256').update(file).digest('hex');
  const models = await startModelServer(0, { dropDelayMs: 0 });
  models.put('bench/big.bin', file);
  const app = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${app.url}/e2e/store-harness.html`);
    await page.getByTestId('harness-ready').waitFor({ state: 'visible' });
    const fetchMs: number[] = [];
    const storeMs: number[] = [];
    // Alternating rounds, so a noisy moment on the machine hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      const url = `${models.url}bench/big.bin?s=bench${round}`;
      fetchMs.push(
        await page.evaluate(async (u) => {
          const t0 = performance.now();
          const reader = (await fetch(u, { cache: 'no-store' })).body!.getReader();
          let n = 0;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            n += value.length;
          }
          if (!n) throw new Error('empty body');
          return performance.now() - t0;
        }, `${url}&plain`),
      );
      await page.evaluate(() => window.lumenStore.clear());
      const r = await page.evaluate(
        async (e) => {
          const t0 = performance.now();
          const res = await window.lumenStore.download(e);
          return { ms: performance.now() - t0, ok: res.ok, error: res.ok ? undefined : res.error.message };
        },
        { path: 'bench/big.bin', url, bytes: BYTES, sha256 },
      );
      if (!r.ok) throw new Error(`store download failed: ${r.error}`);
      storeMs.push(r.ms);
    }
    await page.evaluate(() => window.lumenStore.clear());
    return { bytes: BYTES, fetchMs, storeMs, ratio: median(fetchMs) / median(storeMs) };
  } finally {
    await browser.close();
    await app.close();
    await models.close();
  }
}

export function printStoreBench(b: StoreBench): void {
  const mbps = (ms: number) => `${(b.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
  console.log(
    `\nModel store download, ${(b.bytes / 2 ** 20).toFixed(0)} MiB from a local server, Chromium, median of ${b.fetchMs.length}:`,
  );
  console.log(`  plain fetch, read to the end      ${median(b.fetchMs).toFixed(0).padStart(6)} ms   ${mbps(median(b.fetchMs))}`);
  console.log(`  store worker: fetch+OPFS+SHA-256  ${median(b.storeMs).toFixed(0).padStart(6)} ms   ${mbps(median(b.storeMs))}`);
  console.log(`  ratio (store / plain throughput)  ${b.ratio.toFixed(2)}   goal ≥ 0.5`);
}
