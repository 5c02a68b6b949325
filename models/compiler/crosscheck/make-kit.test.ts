// The cross-check kit: built into a temp folder it holds the checkpoint in the official layout, both
// graph variants from the compiler CLI and every array kit.json names; the onnxruntime-node outputs it
// stores match the TypeScript reference; two builds are byte-identical (so upstream outputs saved from a
// device run stay comparable); and the Python side's numpy-only code passes its tests on it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorStats, tempDir } from '../test/run-compiled';
import { KIT_CASES } from './kit-cases';
import { GRAPH_FILES, KIT_FORMAT, makeKit, type KitIndex } from './make-kit';
import { readNpy } from './npy';

const tmp = tempDir('lumen-kit-');
afterAll(() => tmp.remove());
const kitDir = join(tmp.dir, 'kit');
let index: KitIndex;
beforeAll(async () => {
  index = await makeKit(kitDir);
}, 120_000);

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('crosscheck kit', () => {
  it('holds the official checkpoint layout, both variants and every array kit.json names', () => {
    expect(index.format).toBe(KIT_FORMAT);
    const all = files(kitDir);
    for (const f of [
      'transformer/config.json',
      'transformer/diffusion_pytorch_model.safetensors',
      'vae/config.json',
      'vae/diffusion_pytorch_model.safetensors',
      'image_encoder_dinov2/config.json',
      'image_encoder_dinov2/model.safetensors',
      'feature_extractor_dinov2/preprocessor_config.json',
    ])
      expect(all).toContain(`checkpoint/${f}`);
    expect(index.variants.map((v) => [v.name, v.options.variant, v.options.bits])).toEqual([
      ['f32', 'f32', 'none'],
      ['q4', 'f16', 4],
    ]);
    for (const v of index.variants) {
      for (const g of Object.values(GRAPH_FILES)) {
        expect(all).toContain(`${v.dir}/${g}`);
        expect(all).toContain(`${v.dir}/${g}.data`);
      }
    }
    expect(index.cases.map((c) => c.name)).toEqual(KIT_CASES.map((c) => c.name));
    for (const c of index.cases) {
      for (const ref of [...Object.values(c.inputs), c.reference, ...Object.values(c.outputs)]) {
        const a = readNpy(join(kitDir, ref.file));
        expect([a.dtype, a.shape]).toEqual([ref.dtype, ref.shape]);
      }
    }
    // It travels to the device machine with `carry` (64 MiB in all, upstream sources included).
    const bytes = all.reduce((s, f) => s + statSync(join(kitDir, f)).size, 0);
    expect(bytes).toBeLessThan(4 * 2 ** 20);
  });

  it('stores inputs exactly as the cases define them', () => {
    for (const c of KIT_CASES) {
      const stored = index.cases.find((x) => x.name === c.name)!;
      for (const [name, input] of Object.entries(c.inputs)) {
        const a = readNpy(join(kitDir, stored.inputs[name].file));
        expect(Array.from(a.data, Number)).toEqual(
          Array.from(input.dtype === 'float32' ? Float32Array.from(input.values) : input.values, Number),
        );
      }
    }
  });

  it('stores onnxruntime-node outputs that match the TypeScript reference (f32) and are really 4-bit (q4)', () => {
    for (const c of KIT_CASES) {
      const stored = index.cases.find((x) => x.name === c.name)!;
      const ref = c.reference();
      const f32 = readNpy(join(kitDir, stored.outputs.f32.file)).data as Float32Array;
      const q4 = readNpy(join(kitDir, stored.outputs.q4.file)).data as Float32Array;
      const s = errorStats(ref, f32);
      const q = errorStats(ref, q4);
      console.log(`kit ${c.name}: f32 max rel ${s.maxRel.toExponential(2)}, q4 max rel ${q.maxRel.toExponential(2)}`);
      expect(s.maxRel).toBeLessThan(1e-5);
      expect(stored.outputs.f32.vsReference).toEqual(s);
      // 4-bit weights move every output (~6 % weight error per layer) but keep it the same signal.
      expect(q.maxRel).toBeGreaterThan(1e-3);
      expect(q.maxRel).toBeLessThan(0.5);
    }
  });

  it('is byte-identical when built again', async () => {
    const again = join(tmp.dir, 'again');
    await makeKit(again);
    const a = files(kitDir);
    expect(files(again)).toEqual(a);
    for (const f of a) {
      // A manifest names the checkpoint folder it was compiled from; its file entries must agree.
      if (f.endsWith('manifest.json')) {
        const entries = (dir: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).files;
        expect(entries(again)).toEqual(entries(kitDir));
      } else expect(digest(join(again, f)), f).toBe(digest(join(kitDir, f)));
    }
  }, 120_000);

  it("passes the Python side's numpy-only tests (kit readers, error measures, report, import stand-ins)", () => {
    // The first Python on PATH may be a pyenv one without numpy; Debian's (where .ci/run installs
    // python3-numpy) is the fallback.
    const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import numpy']).status === 0);
    if (!python) throw new Error('python3 with numpy is needed for this test (apt-get install python3-numpy)');
    const r = spawnSync(python, ['-m', 'unittest', '-v', 'models/compiler/crosscheck/test_kitio.py'], {
      encoding: 'utf8',
      env: { ...process.env, CROSSCHECK_KIT: kitDir },
    });
    const log = `${r.stdout}${r.stderr}`;
    expect(log, log).toMatch(/\nOK\n?$/);
    expect(log).not.toMatch(/skipped/);
    expect(r.status, log).toBe(0);
  });
});
