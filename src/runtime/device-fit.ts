// Which variant of each graph this device runs, on which execution provider, and one sentence saying
// why: from the capability probe (WebGPU adapter, shader-f16, maxBufferSize,
// maxStorageBufferBindingSize) and the float32 variants derived on this device so far. The model manager
// shows the result; the stage workers follow it (they compute it again at each init from OPFS, so a
// variant derived meanwhile is picked up by the next run) and say it in each stage's info line.
import type { FloatType, GraphKey, ModelSet } from '../../models/model-set';
import type { Capabilities } from './capabilities';
import type { ExecutionProvider } from './graph';
import { fasterProvider, graphGflop, type PlacedProvider } from './placement';
import { chooseProviders } from './provider-policy';
import { halfGraphs, type DerivedVariant } from './variants';

export type VariantKind = 'original' | 'float32';

export interface GraphFit {
  key: GraphKey;
  variant: VariantKind;
  /** The file to load, relative to the set. */
  path: string;
  float: FloatType;
  providers: ExecutionProvider[];
  reason: string;
  /** Expected ms per call on each provider this graph could use here (placement.ts). */
  expectedMs?: Partial<Record<PlacedProvider, number>>;
}

/** Ms per call measured on this device, by graph and provider (a warm-up), replacing the guesses. */
export type MeasuredCalls = Partial<Record<GraphKey, Partial<Record<PlacedProvider, number>>>>;

export interface DeviceFit {
  graphs: Record<GraphKey, GraphFit>;
  /** float16 graphs that would run on the GPU once their float32 variant is derived. */
  deriveWanted: GraphKey[];
  /** One line about the device itself. */
  device: string;
}

function mib(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.round(n / 2 ** 20)} MiB`;
}

/** Why a float32 graph with this largest tensor cannot be placed on this GPU, or null when it can. */
export function bufferLimitProblem(caps: Capabilities, largestTensorBytes: number): string | null {
  const limits: [string, number | undefined][] = [
    ['maxStorageBufferBindingSize', caps.maxStorageBufferBindingSize],
    ['maxBufferSize', caps.maxBufferSize],
  ];
  for (const [name, limit] of limits) {
    if (limit !== undefined && largestTensorBytes > limit) {
      return `its largest weight (${mib(largestTensorBytes)}) is over this GPU's ${name} (${mib(limit)})`;
    }
  }
  return null;
}

export function describeDevice(caps: Capabilities): string {
  if (!caps.webgpu) return `No WebGPU (${caps.webgpuReason ?? 'unknown reason'}): every graph runs on the CPU (wasm).`;
  const limits = [
    caps.maxBufferSize && `maxBufferSize ${mib(caps.maxBufferSize)}`,
    caps.maxStorageBufferBindingSize && `maxStorageBufferBindingSize ${mib(caps.maxStorageBufferBindingSize)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const software = caps.softwareAdapter ? ` (a software adapter: ${caps.softwareAdapter})` : '';
  return `WebGPU on ${caps.adapterName ?? 'an unnamed adapter'}${software}, ${caps.shaderF16 ? 'with' : 'without'} shader-f16${limits ? `; ${limits}` : ''}.`;
}

/**
 * How to get a float32 variant. A variant is derived from the stored file, so the set must be in this
 * browser's storage; the fixture set runs from the app's own files without that, so "once the set is
 * installed" would read as if it were not working yet.
 */
function deriveHint(set: ModelSet): string {
  return set.kind === 'fixture'
    ? 'to run it on the GPU, store the set in this browser (Models → Install; it runs without that) and derive its float32 variant there.'
    : 'a float32 variant derived on this device (Models panel, once the set is installed) runs it on the GPU.';
}

export function fitDevice(
  set: ModelSet,
  caps: Capabilities,
  derived: Partial<Record<GraphKey, DerivedVariant>> = {},
  measured: MeasuredCalls = {},
): DeviceFit {
  const graphs = {} as Record<GraphKey, GraphFit>;
  const deriveWanted: GraphKey[] = [];
  const half = new Set(halfGraphs(set));
  for (const key of Object.keys(set.graphs) as GraphKey[]) {
    const file = set.graphs[key];
    const original: GraphFit = {
      key,
      variant: 'original',
      path: file.path,
      float: file.float,
      ...chooseProviders(caps, set, key, measured[key]),
    };
    graphs[key] = original;
    // Only float16 weights that a WebGPU device without shader-f16 keeps on wasm can be helped.
    if (!half.has(key) || !caps.webgpu || caps.shaderF16 || file.preferCpu) continue;
    // ...and only if WebGPU would be the faster provider (or the forced one) for the float32 variant.
    const speed = fasterProvider(caps, graphGflop(set, key), measured[key]);
    if (speed.provider !== 'webgpu') {
      graphs[key] = {
        ...original,
        expectedMs: speed.expectedMs,
        reason: `${key}: runs on the CPU (wasm): it is float16, this GPU has no shader-f16, and even as float32 ${speed.why}.`,
      };
      continue;
    }
    const v = derived[key];
    if (!v) {
      deriveWanted.push(key);
      graphs[key] = {
        ...original,
        reason: `${key}: runs on the CPU (wasm) for now: it is float16 and this GPU has no shader-f16; ${deriveHint(set)}`,
      };
      continue;
    }
    const problem = bufferLimitProblem(caps, v.largestTensorBytes);
    graphs[key] = problem
      ? {
          ...original,
          reason: `${key}: runs on the CPU (wasm): it is float16, this GPU has no shader-f16, and for the float32 variant ${problem}.`,
        }
      : {
          key,
          variant: 'float32',
          path: v.path,
          float: 'float32',
          providers: ['webgpu', 'wasm'],
          expectedMs: speed.expectedMs,
          reason: `${key}: runs on the GPU (WebGPU) as the float32 variant derived on this device (this GPU has no shader-f16), with the CPU (wasm) as fallback: ${speed.why}.`,
        };
  }
  return { graphs, deriveWanted, device: describeDevice(caps) };
}

/** The set as a stage sees it on this device: each graph's chosen file and its boundary dtype. */
export function fittedSet(set: ModelSet, fit: DeviceFit): ModelSet {
  const graphs = { ...set.graphs };
  for (const key of Object.keys(graphs) as GraphKey[]) {
    const g = fit.graphs[key];
    if (g && g.variant !== 'original')
      graphs[key] = { ...graphs[key], path: g.path, float: g.float, weights: 'float32', bytes: undefined, sha256: undefined };
  }
  return { ...set, graphs };
}
