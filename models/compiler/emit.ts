// The graph emitter every PartCrafter graph is written with: ONNX nodes through GraphBuilder, plus the
// planned external tensors (name, dtype, dims, how to produce the bytes). Float32 crosses the graph
// boundary in every variant; inside, floats are the variant's compute dtype.
import { toHalfArray } from '../../src/leaf/float16';
import { GraphBuilder, int, type Attr, type ExternalTensor } from '../onnx/builder';
import type { CompileOptions } from './options';
import { byteLengthOf, type DataLayout, type GraphPlan, type PlannedTensor, type StoredDType } from './plan';

/** Bump when the bytes a plan produces change for the same tensor list (invalidates checkpoints). */
const FORMAT_VERSION = 1;
const ONNX_FLOAT = 1;
const ONNX_FLOAT16 = 10;

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

export class GraphEmitter {
  readonly g: GraphBuilder;
  readonly tensors: PlannedTensor[] = [];
  /** The dtype floats are stored and computed in. */
  readonly dtype: 'float16' | 'float32';
  private microsoft = false;

  constructor(
    readonly key: string,
    readonly fileName: string,
    readonly options: CompileOptions,
    /** Identities of the weight files read (part of the plan fingerprint). */
    private readonly identities: string[],
  ) {
    this.g = new GraphBuilder(key);
    this.dtype = options.variant === 'f16' ? 'float16' : 'float32';
  }

  /** Plans one external tensor and returns its initializer name. */
  tensor(name: string, dtype: StoredDType, dims: number[], sources: string[], produce: PlannedTensor['produce']): string {
    if (this.tensors.some((t) => t.name === name)) throw new Error(`${this.key}: tensor ${name} planned twice`);
    this.tensors.push({ name, dtype, dims, byteLength: byteLengthOf(dtype, dims), sources, produce });
    return name;
  }

  /** A float tensor stored in the compute dtype; `load` returns its float32 values. */
  floatTensor(name: string, dims: number[], sources: string[], load: (signal?: AbortSignal) => Promise<Float32Array>): string {
    const n = dims.reduce((a, b) => a * b, 1);
    return this.tensor(name, this.dtype, dims, sources, async (signal) => {
      const values = await load(signal);
      if (values.length !== n) throw new Error(`${this.key}: tensor ${name} has ${values.length} values, planned [${dims}]`);
      return this.encode(values);
    });
  }

  encode(values: Float32Array): Uint8Array {
    return this.dtype === 'float16' ? bytesOf(toHalfArray(values)) : bytesOf(values);
  }

  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, out?: string): string {
    return this.g.op(type, inputs, attrs, out);
  }

  /** A com.microsoft contrib op (MatMulNBits, MultiHeadAttention). */
  msOp(type: string, inputs: string[], attrs: Record<string, Attr> = {}, out?: string): string {
    this.microsoft = true;
    return this.g.op(type, inputs, attrs, out, 'com.microsoft');
  }

  /** A constant in the compute dtype (Constant node: structural, not a weight). */
  constant(values: number[], dims = [values.length]): string {
    return this.g.constant(this.dtype, values, dims);
  }

  scalar(value: number): string {
    return this.constant([value], []);
  }

  ints(values: number[]): string {
    return this.g.constant('int64', values);
  }

  toFloat32(x: string, out?: string): string {
    return this.dtype === 'float32' ? (out ? this.op('Identity', [x], {}, out) : x) : this.op('Cast', [x], { to: int(ONNX_FLOAT) }, out);
  }

  toFloat16(x: string): string {
    return this.op('Cast', [x], { to: int(ONNX_FLOAT16) });
  }

  /** float32 → compute dtype. */
  toCompute(x: string): string {
    return this.dtype === 'float32' ? x : this.toFloat16(x);
  }

  /** A float32 graph input, returned in the compute dtype. */
  floatInput(name: string, shape: (number | string)[]): string {
    return this.toCompute(this.g.input(name, 'float32', shape));
  }

  /** A compute-dtype value as a float32 graph output. */
  floatOutput(x: string, name: string, shape: (number | string)[]): void {
    this.toFloat32(x, name);
    this.g.output(name, 'float32', shape);
  }

  plan(): GraphPlan {
    const tensors = [...this.tensors];
    const fingerprint = JSON.stringify({
      format: FORMAT_VERSION,
      key: this.key,
      fileName: this.fileName,
      options: this.options,
      sources: this.identities,
      tensors: tensors.map((t) => [t.name, t.dtype, t.dims]),
    });
    const opsets = this.microsoft ? [{ domain: 'com.microsoft', version: 1 }] : [];
    return {
      key: this.key,
      fileName: this.fileName,
      tensors,
      fingerprint,
      modelBytes: (layout: DataLayout) => {
        const external: ExternalTensor[] = tensors.map((t, i) => ({
          name: t.name,
          dtype: t.dtype,
          dims: t.dims,
          location: layout.location,
          offset: layout.offsets[i],
          length: layout.lengths[i],
        }));
        return this.g.toBytes(opsets, external);
      },
    };
  }
}

/**
 * A value computed once and read by several consecutive planned tensors (a quantized weight feeds the
 * packed weights, the scales and the zero points); it is dropped when the last reader (`last`) takes
 * it, so one lives at a time. A resumed compile that starts between readers simply computes it again.
 */
export function shared<T>(compute: (signal?: AbortSignal) => Promise<T>): (last: boolean, signal?: AbortSignal) => Promise<T> {
  let pending: Promise<T> | undefined;
  return (last, signal) => {
    pending ??= compute(signal);
    const value = pending;
    if (last) pending = undefined;
    return value;
  };
}
