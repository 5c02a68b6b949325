// Which variant of the PartCrafter graphs this device compiles, and why in one sentence for the model
// manager. float16 needs shader-f16 on WebGPU (docs/ARCHITECTURE.md, Device fit: without it a float16 MatMul fails
// there), so only a GPU that has it gets f16; every other device gets f32, which both the GPU and the
// CPU (wasm) run. Linear weights are 4-bit MatMulNBits in block 32 and attention is MultiHeadAttention,
// whatever the device: models/compiler/DESIGN-NOTES.md explains both.
import { resolveOptions, type CompileOptions } from '../../models/compiler/options';
import type { Capabilities } from './capabilities';

export interface VariantChoice {
  options: CompileOptions;
  /** Why this variant, in plain words. */
  reason: string;
}

const COMMON = '4-bit weights (MatMulNBits, block 32) and MultiHeadAttention (flash attention on WebGPU).';

export function compileVariantFor(caps: Capabilities): VariantChoice {
  const f16 = caps.webgpu && caps.shaderF16;
  const options = resolveOptions({ variant: f16 ? 'f16' : 'f32', bits: 4, blockSize: 32, attention: 'mha' });
  const why = f16
    ? 'float16: this GPU supports shader-f16, so the graphs compute in half precision (half the memory traffic of float32)'
    : caps.webgpu
      ? 'float32: this GPU has no shader-f16, which float16 arithmetic needs on WebGPU'
      : 'float32: there is no WebGPU here, so the graphs run on the CPU (wasm), which computes in float32';
  return { options, reason: `${why}; ${COMMON}` };
}
