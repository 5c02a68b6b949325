// Timing one graph's calls on one execution provider, with inputs shaped by its contract at the set's
// default sizes: the measured side of the placement (placement.ts), for the bench and for a warm-up
// where the cost model cannot tell the providers apart and a measurement is cheap.
import { contractFor } from '../../models/contracts';
import type { GraphKey, ModelSet } from '../../models/model-set';
import type { AssetSource } from './context';
import type { MeasuredCalls } from './device-fit';
import type { Capabilities } from './capabilities';
import { floatTensor } from '../leaf/float16';
import type { ExecutionProvider, GraphSession, Runtime } from './graph';
import { expectedCallMs, graphGflop, type PlacedProvider } from './placement';
import { webgpuBlocker } from './provider-policy';
import { numel, type HostTensor } from '../leaf/tensor';

/** Values for the contracts' symbolic dims: one image or part, the set's default tokens, a query batch. */
function symbolicSizes(set: ModelSet): Record<string, number> {
  return { batch: 1, tokens: set.dims.defaultTokensPerPart, points: 4096 };
}

/**
 * Inputs for one call: floats in [-1, 1) from a fixed sequence, integers zero (token and part ids), except
 * `num_parts`, which must equal the batch of parts.
 */
export function contractFeeds(set: ModelSet, key: GraphKey): Record<string, HostTensor> {
  const sizes = symbolicSizes(set);
  const feeds: Record<string, HostTensor> = {};
  for (const spec of contractFor(set, key).inputs) {
    const dims = spec.shape.map((d) => (typeof d === 'number' ? d : (sizes[d] ?? 1)));
    const n = numel(dims);
    if (spec.dtype === 'int64')
      feeds[spec.name] = { dtype: 'int64', dims, data: new BigInt64Array(n).fill(spec.name === 'num_parts' ? 1n : 0n) };
    else if (spec.dtype === 'int32') feeds[spec.name] = { dtype: 'int32', dims, data: new Int32Array(n) };
    else
      feeds[spec.name] = floatTensor(
        Float32Array.from({ length: n }, (_, i) => ((i * 0.618034) % 2) - 1),
        dims,
        spec.dtype,
      );
  }
  return feeds;
}

/** Median ms of `runs` calls, after one untimed call (shader compilation, first allocations). */
export async function timeCalls(session: GraphSession, feeds: Record<string, HostTensor>, runs = 3): Promise<number> {
  const fetches = [session.outputs[0].name];
  await session.run(feeds, fetches);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run(feeds, fetches);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** The providers a graph could use on this device (WebGPU unless something rules it out), fastest guess first. */
export function usableProviders(caps: Capabilities, set: ModelSet, key: GraphKey): PlacedProvider[] {
  return webgpuBlocker(caps, set, key) ? ['wasm'] : ['webgpu', 'wasm'];
}

/**
 * Whether a measured warm-up is worth it for this graph: both providers usable, the guesses within 4× of
 * each other (the cost model cannot tell), and a call guessed under 50 ms on both (measuring is cheap).
 */
export function warmUpWorthIt(caps: Capabilities, set: ModelSet, key: GraphKey): boolean {
  if (caps.forceProvider || set.graphs[key].preferCpu || usableProviders(caps, set, key).length < 2) return false;
  const gflop = graphGflop(set, key);
  const [g, w] = [expectedCallMs(caps, 'webgpu', gflop), expectedCallMs(caps, 'wasm', gflop)];
  return Math.max(g, w) < 50 && Math.max(g, w) / Math.min(g, w) < 4;
}

/** Ms per call of a graph on each provider given, each in its own session (released after). */
export async function measureProviders(
  runtime: Runtime,
  set: ModelSet,
  key: GraphKey,
  model: Uint8Array,
  providers: PlacedProvider[],
  runs = 3,
): Promise<Partial<Record<PlacedProvider, number>>> {
  const out: Partial<Record<PlacedProvider, number>> = {};
  const feeds = contractFeeds(set, key);
  for (const provider of providers) {
    // A provider that cannot load or run the graph is simply not measured: the placement keeps its guess.
    const session = await runtime
      .createSession(key, model, { providers: [provider as ExecutionProvider], freeDims: set.graphs[key].freeDims })
      .catch(() => null);
    if (!session) continue;
    try {
      out[provider] = await timeCalls(session, feeds, runs);
    } catch {
      /* not measured */
    } finally {
      await session.release();
    }
  }
  return out;
}

/**
 * The warm-up: ms per call on both providers for each graph where warmUpWorthIt says so (on most devices
 * none: the guesses are decades apart), read from `assets`. A graph that cannot be read is left to the guess.
 */
export async function warmUp(runtime: Runtime, set: ModelSet, caps: Capabilities, assets: AssetSource): Promise<MeasuredCalls> {
  const out: MeasuredCalls = {};
  for (const key of Object.keys(set.graphs) as GraphKey[]) {
    if (!warmUpWorthIt(caps, set, key)) continue;
    const bytes = await assets.bytes(set.graphs[key].path).catch(() => null);
    if (bytes) out[key] = await measureProviders(runtime, set, key, bytes, ['webgpu', 'wasm']);
  }
  return out;
}
