// `npm run bench`: per-stage times on the fixture set in Node and in Chromium, as figures and ratios
// measured in one run (these machines are noisy: compare ratios, not absolute numbers across runs).
import { benchBrowser, type BrowserRun } from './browser';
import { benchGeometryExtraction } from './geometry-extraction';
import { benchHistoryReopen, printHistoryReopen } from './history-reopen';
import { benchLongInputs } from './long-inputs';
import { benchNodeStages } from './node-stages';
import { benchNeededOutputs, printNeededOutputs } from './needed-outputs';
import { benchOpfsHeap } from './opfs-heap';
import { benchOrtBuilds, printOrtBuilds } from './ort-build';
import { benchPlacement, printPlacement } from './placement';
import { BENCH_REQUEST } from './request';
import { benchStoreDownload, printStoreBench } from './store-download';

const fmt = (ms: number | undefined) => (ms === undefined ? '—' : `${ms.toFixed(1)} ms`);

function printBrowser(label: string, run: BrowserRun, node: Record<string, number>) {
  console.log(`\n${label}: whole run ${fmt(run.totalMs)}, longest main-thread task ${fmt(run.longestTaskMs)}`);
  const nodeOf = (stage: string) => (stage === 'text' || stage === 'image' ? undefined : node[stage === 'points' ? 'points' : stage]);
  for (const [stage, ms] of Object.entries(run.stages)) {
    const n = nodeOf(stage);
    console.log(`  ${stage.padEnd(8)} ${fmt(ms).padStart(12)}${n ? `   ${(ms / n).toFixed(2)}× Node` : ''}`);
  }
  const ti = (run.stages.text ?? 0) + (run.stages.image ?? 0);
  console.log(`  text+image ${fmt(ti).padStart(10)}   ${(ti / node['text+image']).toFixed(2)}× Node`);
}

// `npm run bench -- heap` runs only the OPFS session heap figures; `-- store` only the model store's
// download figure; `-- placement` only the per-graph providers and the needed-outputs figure; `-- inputs`
// only the long-input figures (base64, tokenizer); `-- ort` only ORT's JSPI build against its asyncify
// one; `-- history` only the history reopen; `-- stages` only the stage times; `-- real-size` (never by
// default) the real-size graphs.
const only = process.argv[2];

// Opt-in only (gigabytes of disk, minutes): the real graphs at their real size (bench/real-size.ts).
if (only === 'real-size') {
  const { benchRealSize } = await import('./real-size');
  await benchRealSize(process.argv.slice(3));
  process.exit(0);
}

if (only === undefined || only === 'placement') {
  printPlacement('fixture', await benchPlacement('fixture'));
  printNeededOutputs(await benchNeededOutputs());
}
if (only === 'placement') process.exit(0);

if (only === undefined || only === 'inputs') await benchLongInputs();
if (only === 'inputs') process.exit(0);

if (only === undefined || only === 'store') printStoreBench(await benchStoreDownload());
if (only === 'store') process.exit(0);

if (only === undefined || only === 'heap') {
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  const { graphBytes, runs } = await benchOpfsHeap();
  console.log(
    `\nSession from a ${mib(graphBytes)} graph stored in OPFS (16 × 64 MiB initializers in external data), WebGPU (SwiftShader):`,
  );
  console.log(
    '  peak JS heap = worker V8 heap + ArrayBuffer backing stores (CDP Runtime.getHeapUsage), above the baseline before the call',
  );
  for (const r of runs) {
    console.log(
      `  ${r.label.padEnd(28)} peak +${mib(r.peakBytes - r.baselineBytes).padStart(10)}   ${r.ratio.toFixed(3)} × graph size` +
        `   create ${(r.createMs / 1000).toFixed(1)} s   ${r.samples} samples${r.largestRead ? `   largest read ${mib(r.largestRead)}` : ''}` +
        `   output ${r.correct ? 'correct' : 'WRONG'}`,
    );
  }
  console.log('  goal: ≤ 0.3 × graph size for the on-demand path');
}
if (only === 'heap') process.exit(0);

// `npm run bench -- ort` runs only the ORT build figures.
if (only === undefined || only === 'ort') printOrtBuilds(await benchOrtBuilds());
if (only === 'ort') process.exit(0);

// `npm run bench -- history` runs only the history reopen figures.
if (only === undefined || only === 'history') printHistoryReopen(await benchHistoryReopen());
if (only === 'history') process.exit(0);

const request = { ...BENCH_REQUEST };
console.log('Lumen bench — fixture model set, request:', JSON.stringify(request));
const node = await benchNodeStages(3);
console.log('\nNode (onnxruntime-node CPU EP), median of 3 warm runs:');
for (const [stage, ms] of Object.entries(node)) console.log(`  ${stage.padEnd(10)} ${fmt(ms).padStart(12)}`);

await benchGeometryExtraction();

for (const webgpu of [true, false]) {
  const { cold, warm } = await benchBrowser(webgpu);
  const name = webgpu ? 'Chromium, WebGPU (SwiftShader)' : 'Chromium, no WebGPU (wasm EP)';
  printBrowser(`${name}, cold run`, cold, node);
  printBrowser(`${name}, warm run`, warm, node);
}
