// The compiled graphs on onnxruntime's WebGPU execution provider (Dawn on Chromium's SwiftShader Vulkan,
// as in the browser tests; no shader-f16, so the f32 variant): 4-bit MatMulNBits with zero points and
// MultiHeadAttention (its flash-attention program) run there, every node that computes floats runs on the GPU
// (only int64 shape arithmetic stays on the CPU, as onnxruntime intends), and the outputs match the
// reference on the dequantized weights within the GPU's float32 accuracy.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/lib/chromium';
const ICD = `${CHROMIUM}/vk_swiftshader_icd.json`;

interface Result {
  key: string;
  attention: string;
  placed: { name: string; op: string; provider: string; outputs: string[] }[];
  programs: string[];
  maxAbs: number;
  maxRel: number;
}

describe('compiled graphs on the WebGPU EP (SwiftShader)', () => {
  it('run with every float op on the GPU and match the reference', async () => {
    expect(existsSync(ICD), `Chromium's SwiftShader Vulkan (${ICD}) is needed: install Debian's chromium, as .ci/run does`).toBe(true);
    const script = fileURLToPath(new URL('./test/webgpu-check.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, LD_LIBRARY_PATH: CHROMIUM, VK_ICD_FILENAMES: ICD },
      maxBuffer: 1 << 26,
      timeout: 240_000,
    });
    const results = stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Result);
    expect(results.map((r) => `${r.key} ${r.attention}`)).toEqual(['imageEncoder', 'dit', 'vaeKv', 'vaeQuery'].map((k) => `${k} mha`));
    for (const r of results) {
      const onGpu = r.placed.filter((p) => p.provider === 'WebGpuExecutionProvider');
      const onCpu = r.placed.filter((p) => p.provider !== 'WebGpuExecutionProvider');
      const floatOnCpu = onCpu.filter((p) => p.outputs.some((t) => t !== 'int64'));
      const ops = [...new Set(onGpu.map((p) => p.op))].sort();
      console.log(
        `${r.key} ${r.attention} on WebGPU: max abs ${r.maxAbs.toExponential(2)}, max abs / max |ref| ${r.maxRel.toExponential(2)}; ` +
          `${onGpu.length} nodes on the GPU (${ops.join(' ')}), ${onCpu.length} int64 shape nodes on the CPU`,
      );
      expect(ops).toContain('MatMulNBits');
      expect(ops).toContain('MultiHeadAttention');
      // MultiHeadAttention takes the flash-attention programs, not the score-matrix ones (a [B, H, S, L]
      // matrix for the DiT's global blocks at 16 parts × 1025 tokens would be 34 GB). Below 32 query
      // tokens (these tiny inputs) ORT picks the flash "decode" variant; from 32 on the tiled prefill one.
      expect(
        r.programs.some((p) => p.startsWith('FlashAttention')),
        `${r.key}: ${r.programs.join(' ')}`,
      ).toBe(true);
      expect(r.programs.filter((p) => /AttentionProbs|InPlaceSoftmax|VxAttentionScore/.test(p))).toEqual([]);
      expect(
        floatOnCpu.map((p) => `${p.op} ${p.name}`),
        `${r.key} ${r.attention}: float nodes on the CPU`,
      ).toEqual([]);
      // SwiftShader's sin/cos are good to ~2e-4 absolute (WGSL allows 2^-11); the rest is float32.
      expect(r.maxRel).toBeLessThan(5e-4);
    }
  }, 300_000);
});
