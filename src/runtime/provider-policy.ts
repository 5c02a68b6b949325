// Which execution provider each graph gets on this device, and a plain sentence saying why. Hard limits
// first: no WebGPU; float16 weights on a GPU without shader-f16 (ORT's WebGPU kernels refuse float16
// there: "Program MatMul requires f16 but the device does not support it"); a graph the set marks as
// tiny. Otherwise the faster provider by the cost model (placement.ts), or the one the user forced.
import { weightsOf, type GraphKey, type ModelSet } from '../../models/model-set';
import type { StageId } from '../leaf/progress';
import type { Capabilities } from './capabilities';
import type { ExecutionProvider } from './graph';
import { fasterProvider, graphGflop, type PlacedProvider } from './placement';

export interface ProviderChoice {
  providers: ExecutionProvider[];
  /** One sentence for the user: which provider and why. */
  reason: string;
  /** Expected ms per call on each provider the graph could use here (absent where a hard limit decided). */
  expectedMs?: Partial<Record<PlacedProvider, number>>;
}

export const STAGE_OF_GRAPH: Record<GraphKey, StageId> = {
  textEncoder: 'text',
  textEncoder2: 'text',
  unet: 'image',
  vaeDecoder: 'image',
  rmbg: 'cutout',
  imageEncoder: 'parts',
  dit: 'parts',
  vaeKv: 'points',
  vaeQuery: 'points',
};

/** Why WebGPU cannot take this graph at all on this device, or null when it can. */
export function webgpuBlocker(caps: Capabilities, set: ModelSet, key: GraphKey): string | null {
  if (!caps.webgpu) return lowerFirst(caps.webgpuReason ?? 'WebGPU is not available in this browser');
  if (weightsOf(set.graphs[key]) === 'float16' && !caps.shaderF16) return 'it is a float16 model and this GPU has no shader-f16 support';
  return null;
}

/**
 * `preferCpu` is the set's word (GraphFile.preferCpu) that a graph is so small that dispatch overhead
 * dominates on a GPU: the fixture's geometry graphs, kept on wasm even when WebGPU is forced.
 * `measured` holds ms per call from a warm-up on this device, replacing the guess where present.
 */
export function chooseProviders(
  caps: Capabilities,
  set: ModelSet,
  key: GraphKey,
  measured?: Partial<Record<PlacedProvider, number>>,
): ProviderChoice {
  if (set.graphs[key].preferCpu) {
    return { providers: ['wasm'], reason: `${key}: a small graph, run on the CPU (wasm) where it is faster.` };
  }
  const blocker = webgpuBlocker(caps, set, key);
  if (blocker) {
    const slow = caps.webgpu ? '' : '; expect it to be slow';
    return { providers: ['wasm'], reason: `${key}: runs on the CPU (wasm) because ${blocker}${slow}.` };
  }
  const speed = fasterProvider(caps, graphGflop(set, key), measured);
  if (speed.provider === 'wasm') {
    return { providers: ['wasm'], reason: `${key}: runs on the CPU (wasm): ${speed.why}.`, expectedMs: speed.expectedMs };
  }
  return {
    providers: ['webgpu', 'wasm'],
    reason: `${key}: runs on the GPU (WebGPU), with the CPU (wasm) as fallback: ${speed.why}.`,
    expectedMs: speed.expectedMs,
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');
}
