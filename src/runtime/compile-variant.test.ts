import { describe, expect, it } from 'vitest';
import { compileVariantFor } from './compile-variant';

const gpu = { webgpu: true, crossOriginIsolated: true, threads: 4 };

describe('compile variant from the device', () => {
  it('f16 only where WebGPU has shader-f16; 4-bit, block 32, MHA everywhere', () => {
    const f16 = compileVariantFor({ ...gpu, shaderF16: true });
    const noF16 = compileVariantFor({ ...gpu, shaderF16: false });
    const cpu = compileVariantFor({ ...gpu, webgpu: false, shaderF16: false });
    expect([f16, noF16, cpu].map((c) => c.options.variant)).toEqual(['f16', 'f32', 'f32']);
    for (const c of [f16, noF16, cpu]) expect(c.options).toMatchObject({ bits: 4, blockSize: 32, attention: 'mha', symmetric: false });
    expect(f16.reason).toMatch(/^float16: this GPU supports shader-f16/);
    expect(noF16.reason).toMatch(/^float32: this GPU has no shader-f16/);
    expect(cpu.reason).toMatch(/^float32: there is no WebGPU here/);
    expect(cpu.reason).toMatch(/4-bit weights \(MatMulNBits, block 32\)/);
  });
});
