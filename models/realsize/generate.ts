// npx tsx models/realsize/generate.ts --out <dir> [--graphs unet,dit,...] [--variant f16|f32] [--small]
// Writes the size-faithful stand-ins (stand-ins.ts) to disk, streaming one tensor at a time, and a
// manifest.json beside them (path, bytes, sha256 per file; largest tensor per graph). About 3.8 GB for
// all eight at released size; delete them when done.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFileSink } from '../compiler/node-sink';
import { writeGraph } from '../compiler/write-graph';
import { writeSingleFile } from './single-file';
import { largestTensor, PARTCRAFTER_KEYS, SDXL_KEYS, standIn, type StandInKey } from './stand-ins';

export interface GeneratedFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface GeneratedGraph {
  key: StandInKey;
  /** The compiled PartCrafter graphs' variant (SDXL graphs are always the float16 export). */
  variant?: 'f16' | 'f32';
  files: GeneratedFile[];
  largestTensor: number;
  ms: number;
}

export async function generate(
  out: string,
  keys: StandInKey[],
  options: { small?: boolean; variant?: 'f16' | 'f32' } = {},
): Promise<GeneratedGraph[]> {
  mkdirSync(out, { recursive: true });
  const done: GeneratedGraph[] = [];
  for (const key of keys) {
    const t0 = performance.now();
    const s = standIn(key, options);
    let files: GeneratedFile[];
    if (s.layout === 'single-file') {
      const r = await writeSingleFile(s.plan, join(out, s.plan.fileName));
      files = [{ path: s.plan.fileName, bytes: r.bytes, sha256: r.sha256 }];
    } else {
      const model = nodeFileSink(join(out, s.plan.fileName));
      const data = nodeFileSink(join(out, `${s.plan.fileName}.data`));
      try {
        files = (await writeGraph(s.plan, { model, data })).entries;
      } finally {
        model.close();
        data.close();
      }
    }
    done.push({
      key,
      variant: s.layout === 'external-data' ? (options.variant ?? 'f16') : undefined,
      files,
      largestTensor: largestTensor(s.plan),
      ms: performance.now() - t0,
    });
    console.log(
      `${key}: ${files.map((f) => `${f.path} ${(f.bytes / 2 ** 20).toFixed(1)} MiB`).join(' + ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  // One manifest for the folder: graphs written now replace their earlier entries, others stay.
  const manifest = join(out, 'manifest.json');
  const before: GeneratedGraph[] = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).graphs : [];
  const graphs = [...before.filter((g) => !keys.includes(g.key)), ...done];
  writeFileSync(manifest, JSON.stringify({ small: !!options.small, graphs }, null, 2));
  return done;
}

const isMain = process.argv[1] && /generate\.(ts|js|mjs)$/.test(process.argv[1]);
if (isMain) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = value('--out');
  if (!out) {
    console.error('usage: generate.ts --out <dir> [--graphs unet,dit,...] [--variant f16|f32] [--small]');
    process.exit(2);
  }
  const all = [...SDXL_KEYS, ...PARTCRAFTER_KEYS];
  const keys = (value('--graphs')?.split(',') ?? all) as StandInKey[];
  const bad = keys.filter((k) => !all.includes(k));
  if (bad.length) {
    console.error(`unknown graph ${bad.join(', ')} (graphs: ${all.join(', ')})`);
    process.exit(2);
  }
  const variant = value('--variant') as 'f16' | 'f32' | undefined;
  await generate(out, keys, { small: args.includes('--small'), variant });
}
