// Times the size-faithful stand-ins with onnxruntime-node's WebGPU execution provider (Dawn), the same
// graphs and inputs as time_ort.py (feeds.json):
//   node time-webgpu.mjs <graph dir> <out.json> [--provider webgpu|cpu] [--chunk N] [--runs N] [--only k1,k2]
// onnxruntime-node is resolved from $ORT_NODE_MODULES (a folder holding onnxruntime-node), so the
// script runs from a bare copy of the package on the device machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ort = createRequire(join(process.env.ORT_NODE_MODULES ?? join(here, 'node_modules'), 'x.js'))('onnxruntime-node');
const argv = process.argv.slice(2);
const arg = (flag, d) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : d);
const [graphDir, outPath] = argv;
const provider = arg('--provider', 'webgpu');
const runs = Number(arg('--runs', '3'));
const chunk = Number(arg('--chunk', '65536'));
const maxChunks = Number(arg('--max-chunks', '1000000'));
const only = arg('--only', '');
const specs = JSON.parse(readFileSync(join(here, 'feeds.json'), 'utf8')).graphs;

let seed = 1;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const half = (v) => {
  f32[0] = v;
  const x = u32[0];
  const e = ((x >>> 23) & 0xff) - 112;
  return ((x >>> 16) & 0x8000) | (e <= 0 ? 0 : e >= 31 ? 0x7c00 : (e << 10) | ((x >>> 13) & 0x3ff));
};
const ELEM = { float32: Float32Array, float16: Uint16Array, int64: BigInt64Array, int32: Int32Array };

function tensor(type, shape, values) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new ELEM[type](n);
  for (let i = 0; i < n; i++) {
    const v = values ? values[i % values.length] : rand() - 0.5;
    data[i] = type === 'float16' ? half(v) : type === 'int64' ? BigInt(Math.round(v)) : type === 'int32' ? Math.round(v) : v;
  }
  return new ort.Tensor(type, data, shape);
}

function feedsFor(session, spec, extra) {
  const feeds = {};
  for (const name of session.inputNames) {
    const meta = session.inputMetadata.find((m) => m.name === name);
    const shape = meta.shape.map((d) => (typeof d === 'number' ? d : (spec.dims[d] ?? 1)));
    const value = spec.values[name];
    if (extra[name]) feeds[name] = extra[name];
    else if (value === 'ids') feeds[name] = tensor(meta.type, shape, [1, 20, 30, 40, 499, ...new Array(72).fill(0)]);
    else if (value === 'parts')
      feeds[name] = tensor(
        meta.type,
        shape,
        Array.from({ length: shape[0] }, (_, i) => i % spec.values.num_parts[0]),
      );
    else feeds[name] = tensor(meta.type, shape, Array.isArray(value) ? value : undefined);
  }
  return feeds;
}

const finite = (out) =>
  Object.values(out).every((t) => {
    const d = t.data;
    if (!(d instanceof Float32Array || d instanceof Uint16Array)) return true;
    for (let i = 0; i < d.length; i++) if (d instanceof Float32Array ? !Number.isFinite(d[i]) : (d[i] & 0x7c00) === 0x7c00) return false;
    return true;
  });

const rows = [];
let kv;
for (const spec of specs) {
  if (only && !only.split(',').includes(spec.key)) continue;
  const path = join(graphDir, spec.file);
  if (!existsSync(path)) continue;
  const row = { key: spec.key, provider };
  let session;
  let t0 = performance.now();
  try {
    session = await ort.InferenceSession.create(path, { executionProviders: [provider], logSeverityLevel: 3 });
    row.createS = (performance.now() - t0) / 1000;
    let out;
    if (spec.key === 'vaeQuery') {
      const n = Math.min(chunk, spec.totalPoints);
      const feeds = feedsFor(session, spec, { kv, points: tensor('float32', [1, n, 3]) });
      t0 = performance.now();
      out = await session.run(feeds);
      row.firstRunS = (performance.now() - t0) / 1000;
      const all = Math.ceil(spec.totalPoints / n);
      const count = Math.min(all, maxChunks);
      t0 = performance.now();
      for (let i = 0; i < count; i++) out = await session.run(feeds);
      Object.assign(row, {
        chunk: n,
        chunksRun: count,
        points: spec.totalPoints,
        runS: ((performance.now() - t0) / 1000) * (all / count),
        extrapolated: count < all,
      });
    } else {
      const feeds = feedsFor(session, spec, {});
      t0 = performance.now();
      out = await session.run(feeds);
      row.firstRunS = (performance.now() - t0) / 1000;
      const times = [];
      for (let i = 0; i < runs; i++) {
        t0 = performance.now();
        out = await session.run(feeds);
        times.push((performance.now() - t0) / 1000);
      }
      times.sort((a, b) => a - b);
      row.runS = times.length ? times[Math.floor(times.length / 2)] : row.firstRunS;
      if (spec.key === 'vaeKv') kv = out.kv;
    }
    row.finite = finite(out);
    row.outputShapes = Object.values(out).map((t) => t.dims);
  } catch (e) {
    row.error = String(e?.message ?? e).slice(0, 300);
  } finally {
    await session?.release();
  }
  console.log(JSON.stringify(row));
  rows.push(row);
  // After every row: a timeout further on keeps what was measured.
  writeFileSync(outPath, JSON.stringify({ onnxruntimeNode: ort.env.versions?.node ?? 'unknown', provider, rows }, null, 1));
}
