// What a compile produces. Graph inputs and outputs are float32 in every variant (the model set
// declares float32); the variant only sets the dtype weights are stored and computed in.

export interface CompileOptions {
  /** 'f16': float16 storage and compute (devices with shader-f16); 'f32': float32 throughout. */
  variant: 'f16' | 'f32';
  /** 4: linear weights become com.microsoft MatMulNBits; 'none': plain MatMul in the variant's dtype. */
  bits: 4 | 'none';
  /** MatMulNBits block along K (a power of two ≥ 16). */
  blockSize: number;
  /**
   * false (default): each block stores a 4-bit zero point and uses all 16 levels over its own
   * [min(0, lo), max(0, hi)] range, so a skewed block loses no resolution; true: no zero points
   * (ORT's default 8), levels −7…7 over ±absmax, 3 % smaller and the simplest kernel path.
   */
  symmetric: boolean;
  /** 'mha': com.microsoft MultiHeadAttention (ORT WebGPU has a kernel); 'plain': MatMul/Softmax/MatMul. */
  attention: 'mha' | 'plain';
}

export const DEFAULT_OPTIONS: CompileOptions = { variant: 'f16', bits: 4, blockSize: 32, symmetric: false, attention: 'mha' };

export class CompileOptionsError extends Error {
  override name = 'CompileOptionsError';
}

export function resolveOptions(partial: Partial<CompileOptions> = {}): CompileOptions {
  const o = { ...DEFAULT_OPTIONS, ...partial };
  if (o.variant !== 'f16' && o.variant !== 'f32') throw new CompileOptionsError(`variant must be f16 or f32 (got ${String(o.variant)})`);
  if (o.bits !== 4 && o.bits !== 'none') throw new CompileOptionsError(`bits must be 4 or none (got ${String(o.bits)})`);
  if (!Number.isInteger(o.blockSize) || o.blockSize < 16 || (o.blockSize & (o.blockSize - 1)) !== 0) {
    throw new CompileOptionsError(`block size must be a power of two of at least 16 (got ${o.blockSize})`);
  }
  if (o.attention !== 'mha' && o.attention !== 'plain')
    throw new CompileOptionsError(`attention must be mha or plain (got ${String(o.attention)})`);
  return o;
}
