import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runCli } from '../models/compiler/cli';
import type { GraphPlan } from '../models/compiler/plan';
import { memorySource, openSafetensors } from '../models/compiler/safetensors';
import { inputGrid } from '../models/compiler/dinov2-keys';
import { GRAPH_CASES, TINY_DINO } from '../models/compiler/test/cases';
import { uniform } from '../models/compiler/test/tiny-checkpoint';
import { errorStats, openCompiled, tempDir, type Feed } from '../models/compiler/test/run-compiled';
import { renamedTensor, WEIGHT_FILES, writeTinyLayout } from '../models/compiler/test/tiny-layout';
import { formatBytes } from '../src/ui/model-manager/format';
import { openApp, watchErrors } from './app-helpers';
import { startCheckpointServer, type CheckpointServer } from './support/checkpoint-server';

// "Compile PartCrafter" in Chromium on SwiftShader: huggingface.co is routed to a test server holding a
// tiny random checkpoint in the official layout (wgsxm/PartCrafter, branch main at a fixed commit). The
// app compiles it in its compile worker into OPFS with progress shown, is paused part-way, reloaded and
// resumed; the files' SHA-256s equal the Node CLI's for the same checkpoint and the compiled graphs load
// in a browser worker from OPFS and match onnxruntime-node. A renamed tensor is named before anything
// is written; deleting the compiled graphs leaves nothing behind.
test.describe.configure({ mode: 'serial' });

const REPO = 'wgsxm/PartCrafter';
const COMMIT = 'e2e0'.repeat(10);
const DIR = 'real/compiled/partcrafter/';
const tmp = tempDir('lumen-compile-e2e-');
const layout = join(tmp.dir, 'ck');
const broken = join(tmp.dir, 'renamed');
const cliOut = join(tmp.dir, 'cli');
let expected: { path: string; bytes: number; sha256: string }[];
let server: CheckpointServer;
let page: Page;
let errors: string[];

const section = () => page.getByTestId('compile-real');
const rows = () => section().getByTestId('compile-row');

test.beforeAll(async ({ browser }) => {
  writeTinyLayout(layout);
  writeTinyLayout(broken, renamedTensor('transformer/diffusion_pytorch_model.safetensors', 'blocks.3.attn1.to_out.0.weight'));
  mkdirSync(cliOut, { recursive: true });
  // SwiftShader has no shader-f16: the app compiles float32, with the default 4-bit / block 32 / MHA.
  expect(
    await runCli(['--source', layout, '--out', cliOut, '--variant', 'f32'], { log: () => undefined, error: (l) => console.error(l) }),
  ).toBe(0);
  expected = JSON.parse(readFileSync(join(cliOut, 'manifest.json'), 'utf8')).files;
  server = await startCheckpointServer(broken, { repo: REPO, branch: 'main', commit: COMMIT });
  // One context: the harness page of the last tests shares the app page's OPFS.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  errors = watchErrors(page);
  await page.context().route('https://huggingface.co/**', async (route) => {
    const url = route.request().url().replace('https://huggingface.co/', server.url);
    await route.fulfill({ response: await route.fetch({ url }) });
  });
  await openApp(page);
  await page.evaluate(async () =>
    (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined),
  );
});

test.afterAll(async () => {
  await page?.context().close();
  await server?.close();
  tmp.remove();
});

function ditContext([B, , C]: number[]): Feed {
  const L = 1 + inputGrid(TINY_DINO) ** 2;
  const image = uniform(L * C, 9, 1.5);
  const values = new Float32Array(B * L * C);
  for (let r = B / 2; r < B; r++) values.set(image, r * L * C); // zero context first, as the parts stage feeds it
  return { values, dims: [B, L, C] };
}

/** Files under the store's folder for the compiled graphs, from OPFS. */
async function compiledFiles(): Promise<string[]> {
  return page.evaluate(async (dir) => {
    let d: FileSystemDirectoryHandle = await navigator.storage.getDirectory();
    try {
      for (const p of ['models', ...dir.split('/').filter(Boolean)]) d = await d.getDirectoryHandle(p);
    } catch {
      return [];
    }
    const names: string[] = [];
    for await (const name of (d as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names.sort();
  }, DIR);
}

test('a checkpoint whose header has a renamed tensor is refused before anything is written, naming the tensor', async () => {
  await page.getByTestId('models-open').click();
  await expect(section()).toBeVisible();
  await expect(page.getByTestId('compile-variant-real')).toHaveAttribute('data-variant', 'f32');
  await expect(page.getByTestId('compile-variant-real')).toContainText('this GPU has no shader-f16');
  // Opening the panel asks the host nothing.
  await expect(page.getByTestId('compile-sizes-real')).toContainText('check it, or start');
  expect(server.log).toEqual([]);
  await page.getByTestId('compile-check-real').click();
  await expect(page.getByTestId('compile-error-real')).toContainText('transformer/diffusion_pytorch_model.safetensors: 1 missing');
  await expect(page.getByTestId('compile-error-real')).toContainText('missing: blocks.3.attn1.to_out.0.weight');
  await expect(page.getByTestId('compile-state-real')).toHaveText('not compiled');
  expect(await compiledFiles()).toEqual([]);
  // The branch was pinned to the commit the host named.
  expect(server.log.some((r) => r.kind === 'revision' && r.revision === 'main')).toBe(true);
  expect(server.log.filter((r) => r.kind === 'file').every((r) => r.revision === COMMIT)).toBe(true);
});

test('the licence first; progress graph k/4 · tensor i/n · bytes · speed · ETA; pause, reload, resume', async () => {
  server.setRoot(layout);
  await page.getByTestId('compile-check-real').click();
  const total = expected.reduce((n, f) => n + f.bytes, 0);
  await expect(page.getByTestId('compile-sizes-real')).toContainText(`commit ${COMMIT.slice(0, 12)}`);
  await expect(page.getByTestId('compile-sizes-real')).toContainText(`writes ${formatBytes(total)}`);
  await expect(page.getByTestId('compile-licence-real')).toContainText('Tencent Hunyuan community terms');
  await expect(page.getByTestId('compile-start-real')).toBeDisabled();
  await page.getByTestId('compile-accept-real').check();

  server.delayMs = 25; // slow enough to pause inside the DiT
  await page.getByTestId('compile-start-real').click();
  const text = page.getByTestId('compile-progress-text-real');
  await expect(text).toHaveText(/^graph 2\/4 dit · tensor \d+\/\d+ · [\d.]+ [kM]B \/ [\d.]+ [kM]B · [\d.]+ [kM]B\/s · ETA \d+/);
  await page.getByTestId('compile-pause-real').click();
  await expect(page.getByTestId('compile-notice-real')).toContainText('Paused');
  await expect(page.getByTestId('compile-state-real')).toHaveText('partially compiled');
  await expect(rows()).toHaveCount(4);
  expect(await rows().evaluateAll((r) => r.map((e) => e.getAttribute('data-state')))).toEqual([
    'complete',
    'partial',
    'missing',
    'missing',
  ]);
  const pausedAt = server.log.length;

  await page.reload();
  await page.getByTestId('models-open').click();
  await expect(page.getByTestId('compile-state-real')).toHaveText('partially compiled');
  await expect(page.getByTestId('compile-accept-real')).toBeChecked();
  await expect(page.getByTestId('compile-start-real')).toHaveText('Resume');
  await page.getByTestId('compile-check-real').click();
  await expect(page.getByTestId('compile-sizes-real')).toContainText('still to go');
  server.delayMs = 0;
  await page.getByTestId('compile-start-real').click();
  await expect(page.getByTestId('compile-state-real')).toHaveText('compiled', { timeout: 120_000 });
  await expect(page.getByTestId('compile-notice-real')).toContainText('Compiled');
  await expect(text).toHaveText(/^graph 4\/4 vaeQuery · tensor (\d+)\/\1 · /);
  expect(await rows().evaluateAll((r) => r.map((e) => e.getAttribute('data-state')))).toEqual([
    'complete',
    'complete',
    'complete',
    'complete',
  ]);

  // After the reload only headers of the image encoder's file were read, and none of the DiT's
  // checkpointed tensors.
  const after = server.log.slice(pausedAt).filter((r) => r.kind === 'file');
  const offsets = async (file: keyof typeof WEIGHT_FILES) =>
    new Map([...(await openSafetensors(memorySource(WEIGHT_FILES[file]))).header.tensors.values()].map((t) => [t.byteOffset, t.name]));
  const tensorReads = async (file: keyof typeof WEIGHT_FILES) => {
    const at = await offsets(file);
    return after
      .filter((r) => r.path === file)
      .map((r) => at.get(Number(/^bytes=(\d+)-/.exec(r.range ?? '')?.[1])))
      .filter((n) => n !== undefined);
  };
  expect(await tensorReads('image_encoder_dinov2/model.safetensors')).toEqual([]);
  const dit = await tensorReads('transformer/diffusion_pytorch_model.safetensors');
  expect(dit).not.toContain('time_proj.linear_1.weight');
  expect(dit).toContain('proj_out.weight');

  // The stored files are the Node compiler's, byte for byte, with complete records saying so.
  const stored = await page.evaluate(
    async ({ dir, paths }) => {
      let d: FileSystemDirectoryHandle = await navigator.storage.getDirectory();
      for (const p of ['models', ...dir.split('/').filter(Boolean)]) d = await d.getDirectoryHandle(p);
      const out = [];
      for (const path of paths) {
        const bytes = await (await (await d.getFileHandle(path)).getFile()).arrayBuffer();
        const hex = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
        out.push({ path, bytes: bytes.byteLength, sha256: hex });
      }
      return out;
    },
    { dir: DIR, paths: expected.map((f) => f.path) },
  );
  expect(stored).toEqual(expected);
  expect(await compiledFiles()).toEqual(expected.flatMap((f) => [f.path, `${f.path}.meta`]).sort());
});

test('the compiled graphs load in a browser worker from OPFS and match onnxruntime-node on the same inputs', async () => {
  // Same context, so the same origin's OPFS.
  const harness = await page.context().newPage();
  await harness.goto('/e2e/opfs-harness.html');
  await expect(harness.getByTestId('harness-ready')).toBeVisible();
  for (const c of GRAPH_CASES) {
    const fileName = expected[GRAPH_CASES.indexOf(c) * 2].path;
    const run = c.runs[0];
    // The checkpoint's DINO config sets the DiT's context length (CLS + patches): feed that many tokens.
    const inputs = c.key === 'dit' ? { ...run.feeds, encoder_hidden_states: ditContext(run.feeds.encoder_hidden_states.dims) } : run.feeds;
    const record = await harness.evaluate((p) => window.lumenOpfs.stored(p), DIR + fileName);
    expect(record?.meta).toMatchObject({ complete: true, expectedSha256: expected.find((f) => f.path === fileName)!.sha256 });
    const feeds = Object.fromEntries(
      Object.entries(inputs).map(([k, f]) => [k, { dtype: f.dtype ?? 'float32', dims: f.dims, values: Array.from(f.values) }]),
    );
    const r = await harness.evaluate(
      async ({ path, feeds }) => {
        const typed = Object.fromEntries(
          Object.entries(feeds).map(([k, f]) => [
            k,
            {
              dtype: f.dtype as 'float32' | 'int64',
              dims: f.dims,
              data: f.dtype === 'int64' ? BigInt64Array.from(f.values.map((v) => BigInt(v))) : Float32Array.from(f.values),
            },
          ]),
        );
        return window.lumenOpfs.session(path, 'webgpu', typed);
      },
      { path: DIR + fileName, feeds },
    );
    expect(r.provider).toBe('webgpu');
    expect(r.mounted).toContainEqual(expect.objectContaining({ path: `${fileName}.data`, kind: 'FileBytes' }));
    const node = await openCompiled(cliOut, { fileName } as GraphPlan);
    const want = (await node.run(inputs))[c.output];
    await node.session.release();
    expect(errorStats(want, r.outputs[c.output]).maxRel, `${c.key}: WebGPU in Chromium vs onnxruntime-node`).toBeLessThan(1e-4);
  }
  await harness.close();
});

test('deleting the compiled graphs gives their space back', async () => {
  // (The set's own Delete removes them too: src/state/compile.test.ts; here nothing else is installed.)
  await page.getByTestId('compile-delete-real').click();
  await expect(page.getByTestId('compile-state-real')).toHaveText('not compiled');
  await expect(page.getByTestId('compile-notice-real')).toContainText('Deleted the compiled graphs (imageEncoder, dit, vaeKv, vaeQuery)');
  expect(await compiledFiles()).toEqual([]);
  expect(errors).toEqual([]);
});
