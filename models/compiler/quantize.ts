// Block-wise 4-bit quantization of a linear weight W [N, K] (out, in) into com.microsoft MatMulNBits
// layout: B [N, blocks, block/2] with two weights a byte (lower k in the low nibble), scales [N·blocks],
// zero points [N·ceil(blocks/2)] with two blocks a byte (lower block in the low nibble). Dequantized
// weight = (q − zp)·scale. A K that is not a multiple of the block is padded with zeros in the last block.

export interface Quantized4 {
  N: number;
  K: number;
  block: number;
  blocks: number;
  packed: Uint8Array;
  scales: Float32Array;
  /** Absent for symmetric quantization (ORT then uses 8). */
  zeroPoints?: Uint8Array;
}

export function quantize4(w: Float32Array, N: number, K: number, block: number, symmetric: boolean): Quantized4 {
  if (w.length !== N * K) throw new Error(`quantize4: ${w.length} values for [${N}, ${K}]`);
  const blocks = Math.ceil(K / block);
  const packed = new Uint8Array((N * blocks * block) / 2);
  const scales = new Float32Array(N * blocks);
  const zpRow = Math.ceil(blocks / 2);
  const zeroPoints = symmetric ? undefined : new Uint8Array(N * zpRow);
  const q = new Uint8Array(block);
  for (let n = 0; n < N; n++) {
    const row = n * K;
    for (let b = 0; b < blocks; b++) {
      const k0 = b * block;
      const k1 = Math.min(K, k0 + block);
      let lo = 0;
      let hi = 0;
      for (let k = k0; k < k1; k++) {
        const v = w[row + k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      let scale: number;
      let zp: number;
      if (symmetric) {
        scale = Math.fround(Math.max(hi, -lo) / 7);
        zp = 8;
      } else {
        scale = Math.fround((hi - lo) / 15);
        zp = scale > 0 ? Math.min(15, Math.max(0, Math.round(-lo / scale))) : 8;
      }
      const inv = scale > 0 ? 1 / scale : 0;
      q.fill(zp);
      for (let k = k0; k < k1; k++) q[k - k0] = Math.min(15, Math.max(0, Math.round(w[row + k] * inv) + zp));
      scales[n * blocks + b] = scale;
      const base = ((n * blocks + b) * block) / 2;
      for (let j = 0; j < block; j += 2) packed[base + j / 2] = q[j] | (q[j + 1] << 4);
      if (zeroPoints) zeroPoints[n * zpRow + (b >> 1)] |= zp << (4 * (b & 1));
    }
  }
  return { N, K, block, blocks, packed, scales, zeroPoints };
}

/** W [N, K] back from its quantized form, with the scales as stored (`scaleOf` rounds them, e.g. to half). */
export function dequantize4(qw: Quantized4, scaleOf: (s: number) => number = (s) => s): Float32Array {
  const { N, K, block, blocks, packed, scales, zeroPoints } = qw;
  const out = new Float32Array(N * K);
  const zpRow = Math.ceil(blocks / 2);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const b = Math.floor(k / block);
      const byte = packed[((n * blocks + b) * block + (k % block)) >> 1];
      const q = k % 2 === 0 ? byte & 15 : byte >> 4;
      const zp = zeroPoints ? (zeroPoints[n * zpRow + (b >> 1)] >> (4 * (b & 1))) & 15 : 8;
      out[n * K + k] = (q - zp) * scaleOf(scales[n * blocks + b]);
    }
  }
  return out;
}
