// Where a graph runs fastest on this device: the set's cost model (floating-point work per call) over a
// throughput guessed per execution provider for the device class, plus a fixed cost per call (dispatch,
// copies). A software WebGPU adapter (SwiftShader and kin) computes on the CPU at ~1 GFLOP/s, far below
// the wasm EP, so there the CPU wins for every graph; on a real GPU only graphs so small that the per-call
// cost dominates stay on the CPU. The user may force a provider (Capabilities.forceProvider).
import type { GraphKey, ModelSet } from '../../models/model-set';
import type { Capabilities } from './capabilities';
import { softwareAdapterOf } from './probe';

export type DeviceClass = 'discrete-gpu' | 'integrated-gpu' | 'software-gpu' | 'cpu';

export function deviceClass(caps: Pick<Capabilities, 'webgpu' | 'adapterName' | 'softwareAdapter'>): DeviceClass {
  if (!caps.webgpu) return 'cpu';
  // The probe marks a software adapter; a name alone (capabilities from elsewhere) is checked the same way.
  if (caps.softwareAdapter || softwareAdapterOf({ description: caps.adapterName })) return 'software-gpu';
  const name = caps.adapterName ?? '';
  if (/nvidia|geforce|quadro|radeon|amd|ati\b/i.test(name)) return 'discrete-gpu';
  return 'integrated-gpu';
}

/**
 * Effective GFLOP/s of ORT on each class (a fraction of peak; the CPU figure is the wasm EP on 4
 * threads) and a fixed cost per stage in ms (session start, transfers), for the run estimate.
 */
export const THROUGHPUT: Record<DeviceClass, { gflops: number; overheadMs: number }> = {
  'discrete-gpu': { gflops: 6000, overheadMs: 300 },
  'integrated-gpu': { gflops: 1000, overheadMs: 500 },
  'software-gpu': { gflops: 1, overheadMs: 500 },
  cpu: { gflops: 20, overheadMs: 500 },
};

/** The fixed cost of one run of a session, in ms: WebGPU pays for dispatch and readback, wasm little. */
const CALL_MS = { webgpu: 3, wasm: 0.3 };

/** The class the stages' work mostly runs on, once graphs are placed (the estimate's divisor). */
export function workClass(caps: Capabilities): DeviceClass {
  const cls = deviceClass(caps);
  if (caps.forceProvider === 'wasm') return 'cpu';
  if (cls === 'software-gpu' && caps.forceProvider !== 'webgpu') return 'cpu';
  return cls;
}

// Queries per vaeQuery call for the cost figure: the geometry stage's usual batch (query-batch.ts).
const QUERIES_PER_CALL = 16384;
// CLIP-L's share of both text encoders' parameters (123 M of 818 M).
const CLIP_L_SHARE = 0.15;

/** GFLOP of one call of a graph, from the set's cost model at its default sizes. */
export function graphGflop(set: ModelSet, key: GraphKey): number {
  const c = set.cost;
  const tokens = set.dims.defaultTokensPerPart;
  switch (key) {
    case 'textEncoder':
      return c.textGflop * CLIP_L_SHARE;
    case 'textEncoder2':
      return c.textGflop * (1 - CLIP_L_SHARE);
    case 'unet':
      return c.unetStepGflop;
    case 'vaeDecoder':
      return c.vaeDecodeGflop;
    case 'rmbg':
      return c.rmbgGflop;
    case 'imageEncoder':
      return c.imageEncoderGflop;
    // One step of one part with classifier-free guidance (two rows).
    case 'dit':
      return 2 * (tokens + 1) * c.ditGflopPerToken;
    case 'vaeKv':
      return tokens * c.vaeKvGflopPerToken;
    case 'vaeQuery':
      return (QUERIES_PER_CALL * (c.queryMflop + c.queryMflopPerToken * tokens)) / 1e3;
  }
}

export type PlacedProvider = 'webgpu' | 'wasm';

/** Expected ms of one call of `gflop` on a provider of this device. */
export function expectedCallMs(caps: Capabilities, provider: PlacedProvider, gflop: number): number {
  if (provider === 'wasm') {
    const threads = Math.max(1, Math.min(4, caps.threads));
    return CALL_MS.wasm + (gflop / (THROUGHPUT.cpu.gflops * (threads / 4))) * 1000;
  }
  const cls = deviceClass(caps);
  const gflops = THROUGHPUT[cls === 'cpu' ? 'software-gpu' : cls].gflops;
  return CALL_MS.webgpu + (gflop / gflops) * 1000;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

export interface SpeedChoice {
  provider: PlacedProvider;
  /** Expected ms per call on each provider considered. */
  expectedMs: Partial<Record<PlacedProvider, number>>;
  /** Why, in a clause: "forced by ?ep=webgpu", "expected 12 ms on WebGPU against 3.1 s on wasm". */
  why: string;
}

const LABEL: Record<PlacedProvider, string> = { webgpu: 'WebGPU', wasm: 'wasm' };

/**
 * The faster of WebGPU and wasm for one call of this graph, or the forced one. `measured` (ms per call,
 * from a warm-up on this device) replaces a guess where present.
 */
export function fasterProvider(caps: Capabilities, gflop: number, measured: Partial<Record<PlacedProvider, number>> = {}): SpeedChoice {
  const expectedMs = {
    webgpu: measured.webgpu ?? expectedCallMs(caps, 'webgpu', gflop),
    wasm: measured.wasm ?? expectedCallMs(caps, 'wasm', gflop),
  };
  const figures = `${formatMs(expectedMs.webgpu)} per call on WebGPU against ${formatMs(expectedMs.wasm)} on wasm`;
  if (caps.forceProvider) {
    return { provider: caps.forceProvider, expectedMs, why: `${LABEL[caps.forceProvider]} is forced (expected ${figures})` };
  }
  const provider: PlacedProvider = expectedMs.webgpu < expectedMs.wasm ? 'webgpu' : 'wasm';
  const software = caps.softwareAdapter ? `this WebGPU adapter is software (${caps.softwareAdapter}); ` : '';
  return { provider, expectedMs, why: `${software}expected ${figures}` };
}
