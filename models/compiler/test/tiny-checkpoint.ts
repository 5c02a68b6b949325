// Test checkpoints: seeded random weights for a key → shape map, written as a real safetensors file,
// with the values exactly as a reader decodes them (rounded to half when stored as F16/BF16).
import { fromHalfArray, toHalfArray } from '../../../src/leaf/float16';
import { rng } from '../../convert/ort-compare';
import type { KeyShapes } from '../partcrafter-keys';
import { bytesOf, writeSafetensors, type WriteTensor } from './safetensors-writer';

export interface TinyCheckpoint {
  values: Record<string, Float32Array>;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Weight magnitudes that keep every layer's activations O(1), so errors are measured on real signal. */
function scaleFor(name: string, shape: number[]): { centre: number; spread: number } {
  const last = name.split('.').pop()!;
  const isNorm = /norm|layernorm/.test(name) && last === 'weight';
  if (isNorm) return { centre: 1, spread: 0.25 };
  if (name.endsWith('lambda1')) return { centre: 0.6, spread: 0.3 };
  if (last === 'bias') return { centre: 0, spread: 0.2 };
  if (name.includes('embedding') || name.includes('cls_token')) return { centre: 0, spread: 0.8 };
  if (shape.length >= 2) {
    const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
    return { centre: 0, spread: Math.sqrt(3 / fanIn) };
  }
  return { centre: 0, spread: 0.5 };
}

export function tinyCheckpoint(
  keys: KeyShapes,
  seed: number,
  dtype: 'F32' | 'F16' = 'F32',
  extra: Record<string, number[]> = {},
): TinyCheckpoint {
  const random = rng(seed);
  const values: Record<string, Float32Array> = {};
  const tensors: Record<string, WriteTensor> = {};
  for (const [name, shape] of Object.entries({ ...keys, ...extra })) {
    const { centre, spread } = scaleFor(name, shape);
    const n = shape.reduce((a, b) => a * b, 1);
    const raw = Float32Array.from({ length: n }, () => centre + spread * (2 * random() - 1));
    if (dtype === 'F16') {
      const half = toHalfArray(raw);
      values[name] = fromHalfArray(half);
      tensors[name] = { dtype, shape, bytes: bytesOf(half) };
    } else {
      values[name] = raw;
      tensors[name] = { dtype, shape, bytes: bytesOf(raw) };
    }
  }
  return { values, bytes: writeSafetensors(tensors) };
}

/** Uniform values in [-amp, amp). */
export function uniform(n: number, seed: number, amp = 1): Float32Array {
  const random = rng(seed);
  return Float32Array.from({ length: n }, () => amp * (2 * random() - 1));
}
