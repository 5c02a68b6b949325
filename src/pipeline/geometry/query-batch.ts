// How many points one run of the VAE query graph may take on this device. On WebGPU every intermediate
// tensor lives in one storage buffer, which must fit the adapter's maxStorageBufferBindingSize (128 MiB by
// default, 2–4 GiB on big GPUs); the largest per-point tensors of the TripoSG query graph are the
// attention probabilities (heads × tokens) and the MLP's hidden layer (4 × width), in float32.
import type { ModelDims } from '../../../models/model-set';
import type { Capabilities } from '../../runtime/capabilities';
import { DEFAULT_QUERY_BATCH } from './run';

export const MIN_QUERY_BATCH = 1024;
export const MAX_QUERY_BATCH = 65536;

/** Bytes of the largest per-point intermediate of the query graph, float32. */
export function queryBytesPerPoint(dims: ModelDims, tokens: number): number {
  return 4 * Math.max(dims.vaeHeads * tokens, 4 * dims.kvWidth);
}

/**
 * The query batch for a GPU with these limits: the largest power of two whose biggest tensor fits one
 * binding (and one buffer), within [MIN_QUERY_BATCH, MAX_QUERY_BATCH]. On the CPU (no limits, or the
 * graph runs on wasm) memory is plentiful and the default batch is used.
 */
export function queryBatchFor(
  caps: Pick<Capabilities, 'webgpu' | 'maxBufferSize' | 'maxStorageBufferBindingSize'>,
  dims: ModelDims,
  tokens: number,
  onCpu = false,
): number {
  const limit = Math.min(caps.maxStorageBufferBindingSize ?? Infinity, caps.maxBufferSize ?? Infinity);
  if (onCpu || !caps.webgpu || !Number.isFinite(limit)) return DEFAULT_QUERY_BATCH;
  const fit = Math.floor(limit / queryBytesPerPoint(dims, tokens));
  const pow2 = fit >= 1 ? 2 ** Math.floor(Math.log2(fit)) : 0;
  return Math.min(MAX_QUERY_BATCH, Math.max(MIN_QUERY_BATCH, pow2));
}
