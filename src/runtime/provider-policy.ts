// Which execution provider each graph gets on this device, and a plain sentence saying why. On a GPU
// without shader-f16 (SwiftShader included) ORT's WebGPU kernels refuse float16 ("Program MatMul requires
// f16 but the device does not support it"), so float16 graphs must run on wasm there.
import type { FloatType, GraphKey } from '../../models/model-set';
import type { ProgressEvent, StageId } from '../leaf/progress';
import type { Capabilities } from './capabilities';
import type { ExecutionProvider } from './graph';

export interface ProviderChoice {
  providers: ExecutionProvider[];
  /** One sentence for the user: which provider and why. */
  reason: string;
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

/**
 * `preferCpu` is the set's word (GraphFile.preferCpu) that a graph is so small that dispatch overhead
 * dominates on a GPU: the fixture's geometry graphs. The real TripoSG decoder is ~25 MFLOP a query and
 * must run on the GPU.
 */
export function chooseProviders(caps: Capabilities, key: GraphKey, float: FloatType, preferCpu = false): ProviderChoice {
  if (preferCpu) {
    return { providers: ['wasm'], reason: `${key}: a small graph, run on the CPU (wasm) where it is faster.` };
  }
  if (!caps.webgpu) {
    const why = caps.webgpuReason ?? 'WebGPU is not available in this browser';
    return { providers: ['wasm'], reason: `${key}: runs on the CPU (wasm) because ${lowerFirst(why)}; expect it to be slow.` };
  }
  if (float === 'float16' && !caps.shaderF16) {
    return {
      providers: ['wasm'],
      reason: `${key}: runs on the CPU (wasm) because it is a float16 model and this GPU has no shader-f16 support.`,
    };
  }
  return { providers: ['webgpu', 'wasm'], reason: `${key}: runs on the GPU (WebGPU), with the CPU (wasm) as fallback.` };
}

/** The provider list for a graph (the shape createGraphProvider wants). */
export function providersFor(caps: Capabilities, key: GraphKey, float: FloatType, preferCpu = false): ExecutionProvider[] {
  return chooseProviders(caps, key, float, preferCpu).providers;
}

/** The choice as the progress event the UI shows in the stage's log. */
export function providerInfoEvent(caps: Capabilities, key: GraphKey, float: FloatType, preferCpu = false): ProgressEvent {
  return { status: 'info', stage: STAGE_OF_GRAPH[key], message: chooseProviders(caps, key, float, preferCpu).reason };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');
}
