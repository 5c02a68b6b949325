// npx tsx models/compiler/bench.ts — compile throughput at the released width: a synthetic F16
// checkpoint of a 3-block DiT (width 2048, like the real transformer file) compiled in two variants;
// prints seconds, parameters per second and peak RSS. Real-size runs extrapolate from params/s.
import { closeSync, mkdtempSync, openAsBlob, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planDit } from './graphs/dit';
import { resolveOptions, type CompileOptions } from './options';
import { parameterCount, partCrafterTransformerKeys, resolvePartCrafterConfig } from './partcrafter-keys';
import { layoutOf } from './plan';
import { blobSource, openSafetensors } from './safetensors';
import { compileTo } from './test/run-compiled';
import { weightFile } from './weights';

/** Writes an F16 safetensors file of plausible weights (|w| ≈ 0.1–1) chunk by chunk; returns its size. */
function writeSynthetic(path: string, keys: Record<string, number[]>): number {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [k, shape] of Object.entries(keys)) {
    const n = 2 * shape.reduce((a, b) => a * b, 1);
    header[k] = { dtype: 'F16', shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  const text = JSON.stringify(header);
  const json = Buffer.from(text.padEnd(Math.ceil(text.length / 8) * 8, ' '));
  const fd = openSync(path, 'w');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeSync(fd, len);
  writeSync(fd, json);
  const chunk = new Uint16Array(1 << 22).map((_, i) => (0x2c00 + (((i * 2654435761) >>> 20) % 0x1000)) | (i & 1 ? 0x8000 : 0));
  for (let left = offset; left > 0; left -= chunk.byteLength) writeSync(fd, Buffer.from(chunk.buffer, 0, Math.min(left, chunk.byteLength)));
  closeSync(fd);
  return 8 + json.length + offset;
}

const dir = mkdtempSync(join(tmpdir(), 'lumen-compile-bench-'));
try {
  const config = resolvePartCrafterConfig({ layers: 3, globalBlocks: [0, 2] });
  const keys = partCrafterTransformerKeys(config);
  const params = parameterCount(keys);
  const size = writeSynthetic(join(dir, 'transformer.safetensors'), keys);
  const st = await openSafetensors(blobSource(await openAsBlob(join(dir, 'transformer.safetensors'))));
  console.log(`synthetic 3-block DiT: ${(params / 1e6).toFixed(0)} M params, ${(size / 2 ** 20).toFixed(0)} MiB F16`);
  const variants: Partial<CompileOptions>[] = [
    { variant: 'f16', bits: 4 },
    { variant: 'f32', bits: 4 },
    { variant: 'f16', bits: 'none' },
  ];
  for (const v of variants) {
    const options = resolveOptions(v);
    const plan = planDit(weightFile('transformer', st, size), config, { contextTokens: 257 }, options);
    const started = performance.now();
    await compileTo(dir, plan);
    const s = (performance.now() - started) / 1000;
    console.log(
      `  ${options.variant} bits ${options.bits}: ${s.toFixed(1)} s, ${(params / s / 1e6).toFixed(1)} M params/s, ` +
        `data ${(layoutOf(plan).totalBytes / 2 ** 20).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
