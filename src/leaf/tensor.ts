// Host-side tensors: what crosses the boundary between pipeline code and a runtime adapter.
// float16 data travels as raw IEEE-754 half bits in a Uint16Array (Node 20 has no Float16Array).
export type DType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool';
export type TensorArray = Float32Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array;

export interface HostTensor {
  dtype: DType;
  dims: number[];
  data: TensorArray;
}

/** What a loaded graph says about one of its inputs or outputs. Symbolic dims are strings. */
export interface ValueInfo {
  name: string;
  dtype: DType | string;
  shape: (number | string)[];
}

/** The element count of a tensor of these dims. */
export function numel(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
