// Test support: runs a float16 graph and its derived float32 graph on the same random inputs with
// onnxruntime-node (CPU) and returns both outputs as float32, so tests can compare them.
import * as ort from 'onnxruntime-node';
import { fromHalfArray, toHalfArray } from '../../src/leaf/float16';
import type { ValueInfo } from '../../src/leaf/tensor';

/** Deterministic [0, 1) stream (mulberry32), so a failing comparison reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadedGraph {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Runs on float32 values (halved for float16 inputs); every float output comes back as float32. */
  run(feeds: Record<string, { values: number[] | Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>>;
  release(): Promise<void>;
}

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return meta.map((m) => {
    if (!m.isTensor) throw new Error(`${m.name} is not a tensor`);
    return { name: m.name, dtype: m.type, shape: [...m.shape] };
  });
}

function tensorFor(dtype: string, values: ArrayLike<number>, dims: number[]): ort.Tensor {
  switch (dtype) {
    case 'float32':
      return new ort.Tensor('float32', Float32Array.from(values), dims);
    case 'float16':
      return new ort.Tensor('float16', toHalfArray(values), dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(values), dims);
    case 'int64':
      return new ort.Tensor('int64', BigInt64Array.from(Array.from(values, (v) => BigInt(Math.round(v)))), dims);
    case 'bool':
      return new ort.Tensor('bool', Uint8Array.from(values), dims);
    default:
      throw new Error(`ort-compare: no feed for ${dtype}`);
  }
}

/** A graph from bytes, or from a path (external data files are then found beside it). */
export async function loadGraph(model: Uint8Array | string): Promise<LoadedGraph> {
  const options = { executionProviders: ['cpu'] };
  const session = await (typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options));
  const inputs = describe(session.inputMetadata);
  return {
    inputs,
    outputs: describe(session.outputMetadata),
    async run(feeds) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const info of inputs) {
        const feed = feeds[info.name];
        if (!feed) throw new Error(`ort-compare: no value for input ${info.name}`);
        ortFeeds[info.name] = tensorFor(String(info.dtype), feed.values, feed.dims);
      }
      const result = await session.run(ortFeeds);
      const out: Record<string, Float32Array> = {};
      for (const [name, t] of Object.entries(result)) {
        if (t.type === 'float16') out[name] = fromHalfArray(t.data as Uint16Array);
        else if (t.type === 'float32') out[name] = t.data as Float32Array;
      }
      return out;
    },
    release: () => session.release(),
  };
}

/** Values exactly representable in float16, so both graphs see identical inputs. */
export function halfExact(values: number[]): Float32Array {
  return fromHalfArray(toHalfArray(values));
}

/** Largest |a - b| / (atol + rtol * |a|) over two outputs: <= 1 means they agree. */
export function worstRatio(a: Float32Array, b: Float32Array, atol = 1e-3, rtol = 2e-3): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const r = Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(a[i]));
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : r;
  }
  return worst;
}
