// npm run compile -- --source <dir or https base URL> --out <dir> [--variant f16|f32] [--bits 4|none]
//   [--block 32] [--attention mha|plain] [--symmetric] [--only dit,vaeKv] [--plan-only]
// Compiles the official PartCrafter checkpoint (docs/models/partcrafter.md §1 layout) into the four graphs the app runs, each
// an .onnx with its external data file, plus manifest.json ({path, bytes, sha256} per file). Ctrl-C
// stops after the current tensor; running the same command again resumes where it stopped.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { httpCheckpointSource, openCheckpoint } from './checkpoint';
import { COMPILED_GRAPHS, compilePlans, planPartCrafter, type CompiledGraphKey, type CompileProgress } from './compile';
import { dirCheckpointSource, dirOutput } from './node-checkpoint';
import { CompileOptionsError, resolveOptions, type CompileOptions } from './options';
import { layoutOf } from './plan';
import type { ManifestEntry } from './write-graph';

export interface CliIo {
  log(line: string): void;
  error(line: string): void;
  signal?: AbortSignal;
}

interface Args {
  source?: string;
  out?: string;
  options: Partial<CompileOptions>;
  only: CompiledGraphKey[];
  planOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { options: {}, only: [...COMPILED_GRAPHS], planOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CompileOptionsError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--source':
        args.source = value();
        break;
      case '--out':
        args.out = value();
        break;
      case '--variant':
        args.options.variant = value() as CompileOptions['variant'];
        break;
      case '--bits': {
        const b = value();
        args.options.bits = b === 'none' ? 'none' : (Number(b) as 4);
        break;
      }
      case '--block':
        args.options.blockSize = Number(value());
        break;
      case '--attention':
        args.options.attention = value() as CompileOptions['attention'];
        break;
      case '--symmetric':
        args.options.symmetric = true;
        break;
      case '--plan-only':
        args.planOnly = true;
        break;
      case '--only': {
        const list = value().split(',');
        const bad = list.filter((g) => !(COMPILED_GRAPHS as readonly string[]).includes(g));
        if (bad.length) throw new CompileOptionsError(`--only: unknown graph ${bad.join(', ')} (graphs: ${COMPILED_GRAPHS.join(', ')})`);
        args.only = list as CompiledGraphKey[];
        break;
      }
      default:
        throw new CompileOptionsError(`unknown argument ${flag}`);
    }
  }
  if (!args.source) throw new CompileOptionsError('--source <checkpoint folder or https base URL> is required');
  if (!args.out && !args.planOnly) throw new CompileOptionsError('--out <folder> is required');
  return args;
}

const MB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

function progressPrinter(io: CliIo): (p: CompileProgress) => void {
  let lastShown = -1;
  let started = Date.now();
  return (p) => {
    if (p.index === 0) started = Date.now();
    const pct = Math.floor((100 * p.bytesDone) / p.bytesTotal);
    if (pct >= lastShown + 5 || p.index === p.count - 1 || p.index === 0) {
      lastShown = p.index === p.count - 1 ? -1 : pct;
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      io.log(
        `  [${p.graphIndex + 1}/${p.graphCount} ${p.graph}] tensor ${p.index + 1}/${p.count} ${p.name}: ${MB(p.bytesDone)} of ${MB(p.bytesTotal)} (${pct} %, ${secs} s)`,
      );
    }
  };
}

function mergeManifest(path: string, source: string, options: CompileOptions, files: ManifestEntry[]) {
  let previous: ManifestEntry[] = [];
  if (existsSync(path)) {
    const old = JSON.parse(readFileSync(path, 'utf8'));
    if (JSON.stringify(old.options) === JSON.stringify(options)) previous = old.files ?? [];
  }
  const byPath = new Map(previous.map((f) => [f.path, f]));
  for (const f of files) byPath.set(f.path, f);
  writeFileSync(path, `${JSON.stringify({ source, options, files: [...byPath.values()] }, null, 2)}\n`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    const options = resolveOptions(args.options);
    const source = /^https?:\/\//.test(args.source!) ? httpCheckpointSource(args.source!) : dirCheckpointSource(resolve(args.source!));
    io.log(`Reading configs and headers from ${source.location}`);
    const checkpoint = await openCheckpoint(source, { signal: io.signal });
    const plans = planPartCrafter(checkpoint, options, args.only);
    for (const p of plans) io.log(`  ${p.fileName}: ${p.tensors.length} tensors, data ${MB(layoutOf(p).totalBytes)}`);
    if (args.planOnly) return 0;
    const out = resolve(args.out!);
    mkdirSync(out, { recursive: true });
    io.log(
      `Compiling (${options.variant}, bits ${options.bits}, block ${options.blockSize}, ${options.symmetric ? 'symmetric' : 'zero points'}, ${options.attention}) into ${out}`,
    );
    const files = await compilePlans(plans, dirOutput(out), { signal: io.signal, onProgress: progressPrinter(io) });
    mergeManifest(join(out, 'manifest.json'), source.location, options, files);
    for (const f of files) io.log(`  ${f.path}  ${f.bytes} bytes  sha256 ${f.sha256}`);
    io.log(`Wrote ${join(out, 'manifest.json')}`);
    return 0;
  } catch (e) {
    const err = e as Error;
    if (err.name === 'AbortError') {
      io.error('Interrupted after the last finished tensor; run the same command again to resume.');
      return 130;
    }
    io.error(`${err.name}: ${err.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  runCli(process.argv.slice(2), { log: console.log, error: console.error, signal: controller.signal }).then((code) => process.exit(code));
}
