// Writes one compiled graph: the external data file tensor by tensor in plan order, then the small
// .onnx that points into it. Only one tensor is in memory at a time. After each tensor the data is
// flushed and a checkpoint (tensors done, bytes written, SHA-256 state) is handed to the caller to
// persist; a restarted compile given that checkpoint truncates the file to it and continues, and ends
// with the same bytes and hash as an uninterrupted run. Runs in a worker as well as in Node.
import { createSHA256, sha256 } from 'hash-wasm';
import { AbortError } from '../../src/leaf/abort';
import { fromBase64, toBase64 } from '../../src/leaf/base64';
import { dataFileName, endOfTensors, layoutOf, type DataLayout, type GraphPlan } from './plan';
import type { DataSink } from './sink';

export interface CompileCheckpoint {
  version: 1;
  /** SHA-256 of the plan fingerprint: graph, options and every tensor's name, dtype and dims. */
  plan: string;
  tensorsDone: number;
  bytesWritten: number;
  /** hash-wasm SHA-256 save() state after `bytesWritten` bytes, base64. */
  hashState: string;
}

export interface TensorProgress {
  graph: string;
  /** 0-based index of the tensor just written, of `count`. */
  index: number;
  count: number;
  name: string;
  bytes: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ManifestEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface WriteGraphOptions {
  signal?: AbortSignal;
  /** A checkpoint saved by an earlier, interrupted run of the same plan. */
  resume?: CompileCheckpoint;
  /** Called after every tensor, once its bytes are flushed; persist it to resume later. */
  onCheckpoint?: (checkpoint: CompileCheckpoint) => void | Promise<void>;
  onProgress?: (progress: TensorProgress) => void;
}

export interface WrittenGraph {
  /** The .onnx first, then its data file; paths are file names relative to the output folder. */
  entries: [ManifestEntry, ManifestEntry];
  /** Tensors already written when this call began (from the checkpoint). */
  resumedFrom: number;
}

export class CompiledTensorError extends Error {
  override name = 'CompiledTensorError';
  constructor(
    readonly tensor: string,
    message: string,
  ) {
    super(`tensor "${tensor}": ${message}`);
  }
}

export function planHash(plan: GraphPlan): Promise<string> {
  return sha256(plan.fingerprint);
}

/** How far a checkpoint can be trusted against this plan and this data file; 0 means start over. */
function usableCheckpoint(cp: CompileCheckpoint | undefined, hash: string, layout: DataLayout, size: number): number {
  if (cp?.version !== 1 || cp.plan !== hash || !cp.hashState) return 0;
  if (!Number.isSafeInteger(cp.tensorsDone) || cp.tensorsDone < 1 || cp.tensorsDone > layout.offsets.length) return 0;
  if (cp.bytesWritten !== endOfTensors(layout, cp.tensorsDone)) return 0;
  // A data file shorter than the checkpoint says lost bytes the hash state includes.
  return size >= cp.bytesWritten ? cp.tensorsDone : 0;
}

function writeAll(sink: DataSink, bytes: Uint8Array, at: number, file: string): void {
  if (bytes.length && sink.write(bytes, { at }) !== bytes.length) throw new Error(`${file}: short write at byte ${at}`);
}

export async function writeGraph(
  plan: GraphPlan,
  sinks: { model: DataSink; data: DataSink },
  options: WriteGraphOptions = {},
): Promise<WrittenGraph> {
  const { signal } = options;
  const layout = layoutOf(plan);
  const hash = await planHash(plan);
  const hasher = await createSHA256();
  const dataFile = dataFileName(plan.fileName);

  const start = usableCheckpoint(options.resume, hash, layout, sinks.data.getSize());
  if (start) hasher.load(fromBase64(options.resume!.hashState));
  else hasher.init();
  let cursor = endOfTensors(layout, start);
  // Bytes past the checkpoint belong to a tensor that was cut off (or to another plan): drop them.
  sinks.data.truncate(cursor);

  for (let i = start; i < plan.tensors.length; i++) {
    if (signal?.aborted) throw new AbortError();
    const t = plan.tensors[i];
    const bytes = await t.produce(signal);
    if (bytes.length !== t.byteLength) {
      throw new CompiledTensorError(t.name, `produced ${bytes.length} bytes, planned ${t.byteLength} (${t.dtype} [${t.dims}])`);
    }
    const padding = new Uint8Array(layout.offsets[i] - cursor);
    writeAll(sinks.data, padding, cursor, dataFile);
    writeAll(sinks.data, bytes, layout.offsets[i], dataFile);
    hasher.update(padding);
    hasher.update(bytes);
    cursor = layout.offsets[i] + bytes.length;
    sinks.data.flush();
    await options.onCheckpoint?.({ version: 1, plan: hash, tensorsDone: i + 1, bytesWritten: cursor, hashState: toBase64(hasher.save()) });
    options.onProgress?.({
      graph: plan.key,
      index: i,
      count: plan.tensors.length,
      name: t.name,
      bytes: bytes.length,
      bytesDone: cursor,
      bytesTotal: layout.totalBytes,
    });
  }
  const dataSha = hasher.digest('hex');

  const model = plan.modelBytes(layout);
  sinks.model.truncate(0);
  writeAll(sinks.model, model, 0, plan.fileName);
  sinks.model.flush();
  return {
    entries: [
      { path: plan.fileName, bytes: model.length, sha256: await sha256(model) },
      { path: dataFile, bytes: layout.totalBytes, sha256: dataSha },
    ],
    resumedFrom: start,
  };
}
