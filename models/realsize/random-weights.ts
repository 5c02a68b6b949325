// Random stand-in weights for a graph plan: each planned tensor's bytes come from a seeded generator
// instead of a checkpoint, one tensor at a time (the largest is tens of MB, never the whole model).
// Values are sized so activations stay finite through many layers: 4-bit packed weights and zero points
// are any bytes, their scales small and positive, norm gains near 1, other floats uniform in
// ±1/√fan_in. Each value is drawn from a 4096-entry table of one distribution (the table draws are
// seeded), which keeps a 2 GB model's generation at memory speed.
import { floatToHalf } from '../../src/leaf/float16';
import type { GraphPlan, PlannedTensor } from '../compiler/plan';

const TABLE = 4096;

/** FNV-1a over the name, mixed with the seed: each tensor has its own stream. */
function seedOf(name: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return h || 1;
}

/** xorshift32: fast, and plenty for weights nobody reads. */
function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

export type WeightRole = 'packed' | 'scale' | 'gain' | 'bias' | 'weight';

export function roleOf(t: Pick<PlannedTensor, 'name' | 'dtype'>): WeightRole {
  if (t.dtype === 'uint8') return 'packed';
  if (t.name.endsWith('.scales')) return 'scale';
  if (/norm[^.]*\.weight$|_gain$/.test(t.name)) return 'gain';
  if (t.name.endsWith('.bias')) return 'bias';
  return 'weight';
}

/** The range [lo, hi] values of a tensor are drawn from, uniformly. */
export function rangeOf(t: Pick<PlannedTensor, 'name' | 'dtype' | 'dims'>): [number, number] {
  switch (roleOf(t)) {
    case 'scale':
      return [0.001, 0.003]; // (q − zp)·scale: |w| ≲ 0.04, about 1/√1024
    case 'gain':
      return [0.9, 1.1];
    case 'bias':
      return [-0.01, 0.01];
    default: {
      const fanIn = t.dims.length > 1 ? t.dims.slice(1).reduce((a, b) => a * b, 1) : 256;
      const a = Math.min(0.1, Math.sqrt(3 / fanIn));
      return [-a, a];
    }
  }
}

/** The bytes of one planned tensor, drawn at random (same name and seed, same bytes). */
export function randomTensorBytes(t: Pick<PlannedTensor, 'name' | 'dtype' | 'dims' | 'byteLength'>, seed = 1): Uint8Array {
  const next = generator(seedOf(t.name, seed));
  const out = new Uint8Array(t.byteLength);
  if (t.dtype === 'uint8') {
    const u32 = new Uint32Array(out.buffer, 0, out.length >>> 2);
    for (let i = 0; i < u32.length; i++) u32[i] = next();
    for (let i = u32.length * 4; i < out.length; i++) out[i] = next() & 0xff;
    return out;
  }
  if (t.dtype === 'int64') return out; // indices and shapes: zeros are always in range
  const [lo, hi] = rangeOf(t);
  const table = Array.from({ length: TABLE }, () => lo + ((next() >>> 8) / 2 ** 24) * (hi - lo));
  if (t.dtype === 'float16') {
    const half = Uint16Array.from(table, floatToHalf);
    const view = new Uint16Array(out.buffer);
    for (let i = 0; i < view.length; i++) view[i] = half[next() & (TABLE - 1)];
  } else {
    const single = Float32Array.from(table);
    const view = new Float32Array(out.buffer);
    for (let i = 0; i < view.length; i++) view[i] = single[next() & (TABLE - 1)];
  }
  return out;
}

/** The same plan whose tensors are produced at random rather than read from a checkpoint. */
export function withRandomWeights(plan: GraphPlan, seed = 1): GraphPlan {
  return {
    ...plan,
    fingerprint: `${plan.fingerprint}:random:${seed}`,
    tensors: plan.tensors.map((t) => ({ ...t, sources: [], produce: async () => randomTensorBytes(t, seed) })),
  };
}
