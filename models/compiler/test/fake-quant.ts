// What 4-bit MatMulNBits weights dequantize to, written from the format's definition (not with the
// compiler's packing code): per row of W [N, K], per block of K, the block's scale and zero point,
// value = (q − zp)·scale. Quantization is per row, so it commutes with the compiler's row re-packing
// and stacking: fake-quantizing the checkpoint's own weights gives what the compiled graph computes.
import type { KeyShapes } from '../partcrafter-keys';

export function fakeQuantize(w: Float32Array, N: number, K: number, block: number, symmetric: boolean): Float32Array {
  const out = new Float32Array(w.length);
  for (let n = 0; n < N; n++) {
    for (let k0 = 0; k0 < K; k0 += block) {
      const vals = Array.from(w.subarray(n * K + k0, n * K + Math.min(K, k0 + block)));
      const lo = Math.min(0, ...vals);
      const hi = Math.max(0, ...vals);
      const scale = Math.fround(symmetric ? Math.max(hi, -lo) / 7 : (hi - lo) / 15);
      const zp = symmetric ? 8 : scale > 0 ? Math.min(15, Math.max(0, Math.round(-lo / scale))) : 8;
      vals.forEach((v, j) => {
        const q = scale > 0 ? Math.min(15, Math.max(0, Math.round(v / scale) + zp)) : zp;
        out[n * K + k0 + j] = (q - zp) * scale;
      });
    }
  }
  return out;
}

/** The checkpoint's Linear weights the compiler quantizes: 2-D `.weight`s that are not embeddings or kept float. */
export function quantizedKeys(keys: KeyShapes | Record<string, Float32Array>, shapes: KeyShapes, keepFloat: string[]): string[] {
  return Object.keys(keys).filter(
    (k) => k.endsWith('.weight') && shapes[k]?.length === 2 && !k.includes('embedding') && !keepFloat.includes(k),
  );
}

export interface FakeQuantized {
  weights: Record<string, Float32Array>;
  /** RMS over the quantized matrices of ‖W − Q(W)‖ / ‖W‖. */
  weightError: number;
  count: number;
}

/** Fake-quantizes the Linear weights among `keys` (the ones a graph reads); the rest pass through. */
export function fakeQuantizeAll(
  values: Record<string, Float32Array>,
  shapes: KeyShapes,
  keepFloat: string[],
  block: number,
  symmetric: boolean,
  uses: (key: string) => boolean,
): FakeQuantized {
  const weights = { ...values };
  const keys = quantizedKeys(values, shapes, keepFloat).filter(uses);
  let sq = 0;
  for (const k of keys) {
    const [N, K] = shapes[k];
    const q = fakeQuantize(values[k], N, K, block, symmetric);
    let num = 0;
    let den = 0;
    q.forEach((v, i) => {
      num += (v - values[k][i]) ** 2;
      den += values[k][i] ** 2;
    });
    sq += num / den;
    weights[k] = q;
  }
  return { weights, weightError: Math.sqrt(sq / keys.length), count: keys.length };
}

/** ‖a − b‖ / ‖ref‖ over all outputs. */
export function rmsRelative(ref: ArrayLike<number>, got: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.length; i++) {
    num += (got[i] - ref[i]) ** 2;
    den += ref[i] ** 2;
  }
  return Math.sqrt(num / den);
}
