// npm run crosscheck:kit [-- --out .crosscheck/kit]
// Builds the kit that crosscheck.py takes to a machine with PyTorch: the compiler tests' tiny random
// checkpoint in the official layout, the four graphs our compiler makes from it (float32 unquantized, and
// the default 4-bit variant), fixed inputs, and what onnxruntime-node and the TypeScript reference output
// on them — all as .npy files plus kit.json, so the Python side needs numpy only to read it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { runCli } from '../cli';
import type { CompiledGraphKey } from '../compile';
import { resolveOptions, type CompileOptions } from '../options';
import { errorStats, type ErrorStats } from '../test/run-compiled';
import { writeTinyLayout } from '../test/tiny-layout';
import { KIT_CASES, type KitCase, type KitInput } from './kit-cases';
import { writeNpy } from './npy';

export const KIT_FORMAT = 'lumen-crosscheck-kit/1';

export const GRAPH_FILES: Record<CompiledGraphKey, string> = {
  imageEncoder: 'image_encoder.onnx',
  dit: 'dit.onnx',
  vaeKv: 'vae_kv.onnx',
  vaeQuery: 'vae_query.onnx',
};

/** f32: what must agree with upstream to float32 precision; q4: the app's default, reported only. */
export const KIT_VARIANTS: { name: string; role: 'gate' | 'informational'; args: string[] }[] = [
  { name: 'f32', role: 'gate', args: ['--variant', 'f32', '--bits', 'none'] },
  { name: 'q4', role: 'informational', args: [] },
];

interface FileRef {
  file: string;
  dtype: string;
  shape: number[];
}
export interface KitIndex {
  format: string;
  generator: string;
  checkpoint: string;
  graphFiles: Record<CompiledGraphKey, string>;
  variants: { name: string; role: string; dir: string; options: CompileOptions }[];
  cases: {
    name: string;
    kind: KitCase['kind'];
    graphs: CompiledGraphKey[];
    attrs: Record<string, number>;
    inputs: Record<string, FileRef>;
    output: string;
    reference: FileRef;
    outputs: Record<string, FileRef & { vsReference: ErrorStats }>;
  }[];
}

function tensor(i: KitInput): ort.Tensor {
  return i.dtype === 'int64'
    ? new ort.Tensor('int64', BigInt64Array.from(Array.from(i.values, (v) => BigInt(v))), i.shape)
    : new ort.Tensor('float32', Float32Array.from(i.values), i.shape);
}

function npyData(i: KitInput) {
  return i.dtype === 'int64'
    ? BigInt64Array.from(Array.from(i.values, (v) => BigInt(v)))
    : i.dtype === 'float64'
      ? Float64Array.from(i.values)
      : Float32Array.from(i.values);
}

async function runCase(c: KitCase, session: (g: CompiledGraphKey) => Promise<ort.InferenceSession>): Promise<Float32Array> {
  const feeds = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tensor(v)]));
  if (c.kind === 'vae_decode') {
    const kv = (await (await session('vaeKv')).run({ latents: feeds.latents })).kv;
    return (await (await session('vaeQuery')).run({ points: feeds.points, kv })).logits.data as Float32Array;
  }
  const out = await (await session(c.graphs[0])).run(feeds);
  return out[c.output].data as Float32Array;
}

export async function makeKit(outDir: string, log: (line: string) => void = () => {}): Promise<KitIndex> {
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'data'), { recursive: true });
  writeTinyLayout(join(out, 'checkpoint'));

  const variants: KitIndex['variants'] = [];
  for (const v of KIT_VARIANTS) {
    const dir = join('graphs', v.name);
    const errors: string[] = [];
    const code = await runCli(['--source', join(out, 'checkpoint'), '--out', join(out, dir), ...v.args], {
      log: () => {},
      error: (l) => errors.push(l),
    });
    if (code !== 0) throw new Error(`kit: compiling the ${v.name} variant failed: ${errors.join('; ')}`);
    const flags: Partial<CompileOptions> = v.args.length ? { variant: 'f32', bits: 'none' } : {};
    variants.push({ name: v.name, role: v.role, dir, options: resolveOptions(flags) });
    log(`compiled ${v.name} (${v.role}) into ${dir}`);
  }

  const cases: KitIndex['cases'] = [];
  for (const c of KIT_CASES) {
    const inputs: Record<string, FileRef> = {};
    for (const [name, i] of Object.entries(c.inputs)) {
      const file = `data/${c.name}.input.${name}.npy`;
      writeNpy(join(out, file), { dtype: i.dtype, shape: i.shape, data: npyData(i) });
      inputs[name] = { file, dtype: i.dtype, shape: i.shape };
    }
    const ref = c.reference();
    const reference = { file: `data/${c.name}.reference.npy`, dtype: 'float64', shape: c.outputShape };
    writeNpy(join(out, reference.file), { dtype: 'float64', shape: c.outputShape, data: ref });
    const outputs: KitIndex['cases'][number]['outputs'] = {};
    for (const v of variants) {
      const sessions = new Map<CompiledGraphKey, Promise<ort.InferenceSession>>();
      const session = (g: CompiledGraphKey) => {
        if (!sessions.has(g))
          sessions.set(g, ort.InferenceSession.create(join(out, v.dir, GRAPH_FILES[g]), { executionProviders: ['cpu'] }));
        return sessions.get(g)!;
      };
      const got = await runCase(c, session);
      for (const s of sessions.values()) await (await s).release();
      const file = `data/${c.name}.ort-node.${v.name}.npy`;
      writeNpy(join(out, file), { dtype: 'float32', shape: c.outputShape, data: got });
      const vsReference = errorStats(ref, got);
      outputs[v.name] = { file, dtype: 'float32', shape: c.outputShape, vsReference };
      log(
        `${c.name} ${v.name}: max abs ${vsReference.maxAbs.toExponential(2)}, max rel ${vsReference.maxRel.toExponential(2)} vs the TS reference`,
      );
    }
    cases.push({ name: c.name, kind: c.kind, graphs: c.graphs, attrs: c.attrs, inputs, output: c.output, reference, outputs });
  }

  const index: KitIndex = {
    format: KIT_FORMAT,
    generator: 'models/compiler/crosscheck/make-kit.ts',
    checkpoint: 'checkpoint',
    graphFiles: GRAPH_FILES,
    variants,
    cases,
  };
  writeFileSync(join(out, 'kit.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : '.crosscheck/kit';
  if (!out || out.startsWith('--')) {
    console.error('usage: npm run crosscheck:kit [-- --out <folder>]');
    process.exit(2);
  }
  makeKit(out, console.log).then(
    () => console.log(`Wrote ${join(resolve(out), 'kit.json')}`),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
