// The CLI on a tiny checkpoint folder laid out like the official one, from disk and over HTTP: it checks
// every header first (failing with the tensor's name), writes the four graphs with their data files and
// a manifest whose sizes and SHA-256 match the files, and the graphs it writes run and match the
// reference.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint, CheckpointError } from './checkpoint';
import { runCli } from './cli';
import { planVaeKv } from './graphs/vae-kv';
import { dirCheckpointSource } from './node-checkpoint';
import { resolveOptions } from './options';
import { refVaeKv } from './reference/vae';
import { TINY, vaeKvCase } from './test/cases';
import { serveFolder } from './test/folder-server';
import { errorStats, openCompiled, tempDir } from './test/run-compiled';
import { writeTinyLayout } from './test/tiny-layout';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const fresh = (edit?: Parameters<typeof writeTinyLayout>[1]) => {
  const dir = join(tmp.dir, `ck${n++}`);
  writeTinyLayout(dir, edit);
  return dir;
};

function cli(argv: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  return runCli(argv, { log: (l) => lines.push(l), error: (l) => errors.push(l) }).then((code) => ({ code, lines, errors }));
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run compile', () => {
  it('compiles all four graphs from a folder, with a manifest that matches the files', async () => {
    const out = join(tmp.dir, 'out-dir');
    const r = await cli(['--source', fresh(), '--out', out, '--variant', 'f32', '--bits', 'none']);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([
      'image_encoder.onnx',
      'image_encoder.onnx.data',
      'dit.onnx',
      'dit.onnx.data',
      'vae_kv.onnx',
      'vae_kv.onnx.data',
      'vae_query.onnx',
      'vae_query.onnx.data',
    ]);
    for (const f of manifest.files) {
      expect(statSync(join(out, f.path)).size).toBe(f.bytes);
      expect(sha(join(out, f.path))).toBe(f.sha256);
    }
    // No checkpoint files are left behind once a graph is complete.
    expect(statSync(join(out, 'dit.onnx.data.checkpoint.json'), { throwIfNoEntry: false })).toBeUndefined();
    // The written kv graph runs and matches the reference.
    const plan = planVaeKv(
      { label: 'vae', identity: '', shape: () => [], float32: async () => new Float32Array() },
      TINY,
      resolveOptions({ variant: 'f32', bits: 'none' }),
    );
    const z = vaeKvCase.runs[0].feeds.latents;
    const got = (await (await openCompiled(out, plan)).run({ latents: z })).kv;
    const ref = refVaeKv(vaeKvCase.checkpoint.values, { width: 32, layers: 2, heads: 4, latentChannels: 8, frequencies: 8 }, z.values, 6);
    expect(errorStats(ref, got).maxRel).toBeLessThan(1e-5);
  });

  it('reads the same checkpoint over HTTP Range requests and writes identical files', async () => {
    const root = fresh();
    const server = await serveFolder(root);
    try {
      const [a, b] = [join(tmp.dir, 'out-a'), join(tmp.dir, 'out-http')];
      expect((await cli(['--source', root, '--out', a, '--only', 'dit,vaeQuery'])).code).toBe(0);
      const r = await cli(['--source', server.url, '--out', b, '--only', 'dit,vaeQuery']);
      expect(r.errors).toEqual([]);
      const files = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).files;
      expect(files(b)).toEqual(files(a));
      expect(files(b)).toHaveLength(4);
      // Weights came in ranged reads, one tensor at a time, not as whole files.
      expect(server.requests.filter((q) => q.startsWith('transformer/diffusion_pytorch_model.safetensors bytes=')).length).toBeGreaterThan(
        100,
      );
      expect(server.requests.some((q) => q.startsWith('transformer/diffusion_pytorch_model.safetensors') && !q.includes('bytes='))).toBe(
        false,
      );
    } finally {
      await server.close();
    }
  });

  it('--plan-only lists each graph’s tensors and size without writing anything', async () => {
    const r = await cli(['--source', fresh(), '--plan-only']);
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => /dit\.onnx: \d+ tensors, data [\d.]+ MiB/.test(l))).toBe(true);
  });

  it('refuses bad arguments in plain words', async () => {
    expect((await cli(['--out', 'x'])).errors[0]).toMatch(/--source .* is required/);
    expect((await cli(['--source', 'x', '--out', 'y', '--bits', '8'])).errors[0]).toMatch(/bits must be 4 or none/);
    expect((await cli(['--source', 'x', '--out', 'y', '--block', '24'])).errors[0]).toMatch(/power of two/);
    expect((await cli(['--source', 'x', '--out', 'y', '--only', 'unet'])).errors[0]).toMatch(/unknown graph unet/);
  });
});

describe('checkpoint headers are checked before compiling', () => {
  const fails = async (edit: Parameters<typeof writeTinyLayout>[1]) => {
    const e = await openCheckpoint(dirCheckpointSource(fresh(edit))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as CheckpointError).message;
  };

  it('names a missing tensor', async () => {
    const m = await fails({ file: 'transformer/diffusion_pytorch_model.safetensors', change: (t) => delete t['blocks.3.skip_norm.bias'] });
    expect(m).toMatch(/transformer\/diffusion_pytorch_model\.safetensors: 1 missing/);
    expect(m).toMatch(/missing: blocks\.3\.skip_norm\.bias/);
  });

  it('names a tensor with the wrong shape', async () => {
    const m = await fails({
      file: 'vae/diffusion_pytorch_model.safetensors',
      change: (t) => (t['decoder.blocks.1.attn1.to_k.weight'] = { dtype: 'F32', shape: [16, 64], bytes: new Uint8Array(16 * 64 * 4) }),
    });
    expect(m).toMatch(/wrong shape: decoder\.blocks\.1\.attn1\.to_k\.weight is \[16,64\] but must be \[32,32\]/);
  });

  it('names a tensor with a non-float dtype', async () => {
    const m = await fails({
      file: 'image_encoder_dinov2/model.safetensors',
      change: (t) => (t['encoder.layer.1.layer_scale2.lambda1'] = { dtype: 'I32', shape: [32], bytes: new Uint8Array(128) }),
    });
    expect(m).toMatch(/wrong dtype: encoder\.layer\.1\.layer_scale2\.lambda1 is I32 but must be F32 or F16 or BF16/);
  });

  it('and the CLI reports it without writing graphs', async () => {
    const r = await cli([
      '--source',
      fresh({ file: 'transformer/diffusion_pytorch_model.safetensors', change: (t) => delete t['part_embedding.weight'] }),
      '--out',
      join(tmp.dir, 'never'),
    ]);
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^CheckpointError: /);
    expect(r.errors[0]).toMatch(/\n {2}missing: part_embedding\.weight/);
    expect(statSync(join(tmp.dir, 'never'), { throwIfNoEntry: false })).toBeUndefined();
  });
});
