// A compile plan: the graph's structure plus an ordered list of the tensors that go into its external
// data file. Every tensor's dtype and dims are known before any weight is read, so the whole data layout
// (offsets, total size) and the .onnx protobuf are fixed up front; producing a tensor reads its source
// tensors, transforms them (re-pack, quantize, cast) and returns exactly the planned bytes.
import type { DType } from '../../src/leaf/tensor';

export type StoredDType = Extract<DType, 'float32' | 'float16' | 'uint8' | 'int64'>;

const ELEMENT_BYTES: Record<StoredDType, number> = { float32: 4, float16: 2, uint8: 1, int64: 8 };

export interface PlannedTensor {
  /** Initializer name in the graph. */
  name: string;
  dtype: StoredDType;
  dims: number[];
  byteLength: number;
  /** The checkpoint tensors it is made from, in the order they are read (for progress and errors). */
  sources: string[];
  produce(signal?: AbortSignal): Promise<Uint8Array>;
}

export interface GraphPlan {
  /** Graph key in the model set: imageEncoder, dit, vaeKv, vaeQuery. */
  key: string;
  /** e.g. "dit.onnx"; the data file is `${fileName}.data`. */
  fileName: string;
  tensors: PlannedTensor[];
  /** The .onnx bytes for the data file laid out as `layout` says. */
  modelBytes(layout: DataLayout): Uint8Array;
  /**
   * Identifies the plan (graph, options, every tensor's name/dtype/dims): a checkpoint made under a
   * different plan must not be resumed.
   */
  fingerprint: string;
}

export function byteLengthOf(dtype: StoredDType, dims: readonly number[]): number {
  return ELEMENT_BYTES[dtype] * dims.reduce((a, b) => a * b, 1);
}

/** Tensors start on this boundary so any typed view of them is aligned (and copies can be vectorised). */
export const DATA_ALIGNMENT = 64;

export interface DataLayout {
  location: string;
  offsets: number[];
  lengths: number[];
  /** The file's size: the end of the last tensor (no trailing padding). */
  totalBytes: number;
}

export function layoutOf(plan: Pick<GraphPlan, 'fileName' | 'tensors'>, alignment = DATA_ALIGNMENT): DataLayout {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let end = 0;
  for (const t of plan.tensors) {
    const at = Math.ceil(end / alignment) * alignment;
    offsets.push(at);
    lengths.push(t.byteLength);
    end = at + t.byteLength;
  }
  return { location: dataFileName(plan.fileName), offsets, lengths, totalBytes: end };
}

export function dataFileName(fileName: string): string {
  return `${fileName}.data`;
}

/** The end of tensor `count - 1` in the data file (0 for none): what a checkpoint after it has written. */
export function endOfTensors(layout: DataLayout, count: number): number {
  return count === 0 ? 0 : layout.offsets[count - 1] + layout.lengths[count - 1];
}
