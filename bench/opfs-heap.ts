// Peak JS heap while onnxruntime-web creates a session from a ~1 GiB graph stored in OPFS, over the
// graph's size. The graph is made here, never committed: 16 float32 initializers of 64 MiB in one
// external data file (written into OPFS by the harness worker), each reached by a Gather on a graph input
// so nothing can be constant-folded away. "JS heap" is what the worker's V8 isolate holds: its heap
// (Runtime.getHeapUsage usedSize) plus ArrayBuffer backing stores (backingStorageSize), sampled over CDP
// every ~25 ms while the session is created (the inspector answers even while the worker runs wasm).
// WebAssembly memory and GPU buffers are not JS heap and are not counted.
import { chromium, type CDPSession } from '@playwright/test';
import { GraphBuilder, type ExternalTensor } from '../models/onnx/builder';
import { startAppServer } from '../e2e/support/app-server';
import { CHROMIUM, CHROMIUM_ARGS, WEBGPU_ARGS } from './chromium';

const TENSORS = 16;
const ROWS = 16384;
const COLS = 1024;
const TENSOR_BYTES = ROWS * COLS * 4; // 64 MiB
const DATA_BYTES = TENSORS * TENSOR_BYTES; // 1 GiB

function bigGraph(): Uint8Array {
  const g = new GraphBuilder('big_external');
  const idx = g.input('idx', 'int64', [1]);
  const weights: ExternalTensor[] = Array.from({ length: TENSORS }, (_, i) => ({
    name: `W${i}`,
    dtype: 'float32',
    dims: [ROWS, COLS],
    location: 'big.onnx.data',
    offset: i * TENSOR_BYTES,
    length: TENSOR_BYTES,
  }));
  g.op(
    'Sum',
    weights.map((w) => g.op('Gather', [w.name, idx])),
    {},
    'y',
  );
  g.output('y', 'float32', [1, COLS]);
  // A plain Uint8Array: Playwright would not pass Node's Buffer to the page as bytes.
  return new Uint8Array(g.toBytes([], weights));
}

/** What the harness writes at element i of the data file (e2e/opfs-session.worker.ts putPattern). */
const pattern = (i: number) => Math.fround(((i * 7919) % 1000) / 1000);

function expectedRow(row: number): Float32Array {
  const y = new Float32Array(COLS);
  for (let t = 0; t < TENSORS; t++) for (let j = 0; j < COLS; j++) y[j] += pattern(t * ROWS * COLS + row * COLS + j);
  return y;
}

/** A raw CDP channel to a page's worker whose URL contains `urlPart` (Playwright opens sessions to pages only). */
export async function workerChannel(
  browserCdp: CDPSession,
  urlPart = 'opfs-session',
): Promise<(method: string) => Promise<Record<string, number>>> {
  const { targetInfos } = (await browserCdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
  if (!target) throw new Error(`no worker whose URL contains "${urlPart}" is running`);
  const { sessionId } = (await browserCdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as {
    sessionId: string;
  };
  let id = 0;
  const pending = new Map<number, (r: Record<string, number>) => void>();
  browserCdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return; // another worker's channel
    const m = JSON.parse(e.message) as { id?: number; result?: Record<string, number> };
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? {});
    if (m.id !== undefined) pending.delete(m.id);
  });
  return (method) =>
    new Promise((resolve) => {
      const i = ++id;
      pending.set(i, resolve);
      browserCdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method, params: {} }) })
        .catch(() => resolve({}));
    });
}

export interface HeapRun {
  label: string;
  baselineBytes: number;
  peakBytes: number;
  ratio: number;
  createMs: number;
  samples: number;
  largestRead: number;
  correct: boolean;
}

export async function benchOpfsHeap(): Promise<{ graphBytes: number; runs: HeapRun[] }> {
  const server = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...WEBGPU_ARGS, ...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/e2e/opfs-harness.html`);
    await page.getByTestId('harness-ready').waitFor({ state: 'visible' });
    await page.evaluate(() => window.lumenOpfs.clear());
    const model = bigGraph();
    await page.evaluate(
      ([m, n]) => Promise.all([window.lumenOpfs.put('bench/big.onnx', m), window.lumenOpfs.putPattern('bench/big.onnx.data', n)]),
      [model, DATA_BYTES] as const,
    );
    const heap = await workerChannel(await browser.newBrowserCDPSession());
    const jsHeap = async () => {
      const u = await heap('Runtime.getHeapUsage');
      return (u.usedSize ?? 0) + (u.backingStorageSize ?? 0);
    };
    const row = 12345;
    const want = expectedRow(row);
    const runs: HeapRun[] = [];
    for (const [label, wholeFiles] of [
      ['FileBytes (read on demand)', false],
      ['File handed to ORT whole', true],
    ] as const) {
      await page.evaluate(() => new Promise((r) => setTimeout(r, 500))); // let the previous run's garbage go
      const baselineBytes = await jsHeap();
      let peakBytes = baselineBytes;
      let samples = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peakBytes = Math.max(peakBytes, await jsHeap());
          samples++;
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      const r = await page
        .evaluate(
          ([at, w]) =>
            window.lumenOpfs.session(
              'bench/big.onnx',
              'webgpu',
              {
                idx: { dtype: 'int64', dims: [1], data: BigInt64Array.of(BigInt(at)) },
              },
              { wholeFiles: w },
            ),
          [row, wholeFiles] as const,
        )
        .finally(() => {
          sampling = false;
        });
      await sampler;
      const got = r.outputs.y;
      const correct = got.length === COLS && got.every((v, j) => Math.abs(v - want[j]) <= 1e-3 * Math.max(1, Math.abs(want[j])));
      const extra = peakBytes - baselineBytes;
      runs.push({
        label,
        baselineBytes,
        peakBytes,
        ratio: extra / (model.length + DATA_BYTES),
        createMs: r.createMs,
        samples,
        largestRead: r.mounted[0]?.largestRead ?? 0,
        correct,
      });
    }
    return { graphBytes: model.length + DATA_BYTES, runs };
  } finally {
    await browser.close();
    await server.close();
  }
}
