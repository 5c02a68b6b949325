// A small ONNX graph builder over onnx-proto's generated protobuf classes. The project writes its own
// fixture graphs and the compiled PartCrafter graphs from TypeScript with it. Compiled graphs keep every
// initializer as ONNX external data (`external`), so the protobuf stays small whatever the model size.
import onnxProto from 'onnx-proto';
import type { DType } from '../../src/leaf/tensor';
import { toHalfArray } from '../../src/leaf/float16';

// onnx-proto is CommonJS: take the namespace off the default export.
const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const DT = onnx.TensorProto.DataType;
const ELEM: Record<DType, number> = {
  float32: DT.FLOAT,
  float16: DT.FLOAT16,
  int32: DT.INT32,
  int64: DT.INT64,
  uint8: DT.UINT8,
  bool: DT.BOOL,
};

export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; dtype: 'float32' | 'float16' | 'int64'; dims: number[]; values: number[] };
export const int = (value: number): Attr => ({ kind: 'int', value });
export const ints = (value: number[]): Attr => ({ kind: 'ints', value });
export const float = (value: number): Attr => ({ kind: 'float', value });
/** A tensor-valued attribute (Constant `value`, ConstantOfShape `value`). */
export const tensor = (dtype: 'float32' | 'float16' | 'int64', values: number[], dims = [values.length]): Attr => ({
  kind: 'tensor',
  dtype,
  dims,
  values,
});

/** Where one initializer's bytes live in the companion data file (ONNX external data). */
export interface ExternalTensor {
  name: string;
  dtype: DType;
  dims: number[];
  /** File name relative to the .onnx file. */
  location: string;
  offset: number;
  length: number;
}

export type Opset = { domain: string; version: number };

function externalInit(t: ExternalTensor) {
  return {
    name: t.name,
    dims: t.dims,
    dataType: ELEM[t.dtype],
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: t.location },
      { key: 'offset', value: String(t.offset) },
      { key: 'length', value: String(t.length) },
    ],
  };
}

function attrTensorData(dtype: 'float32' | 'float16' | 'int64', values: number[]): ArrayBufferView {
  if (dtype === 'float16') return toHalfArray(values);
  if (dtype === 'int64') return BigInt64Array.from(values.map((v) => BigInt(v)));
  return Float32Array.from(values);
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

function valueInfo(name: string, dtype: DType, shape: (number | string)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[dtype],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private nodes: unknown[] = [];
  private inits: unknown[] = [];
  private inputs: unknown[] = [];
  private outputs: unknown[] = [];
  private counter = 0;

  constructor(private readonly name: string) {}

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, dtype: DType, shape: (number | string)[]): string {
    this.inputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  output(name: string, dtype: DType, shape: (number | string)[]): void {
    this.outputs.push(valueInfo(name, dtype, shape));
  }

  /** A float32 initializer. */
  f32(values: ArrayLike<number>, dims: number[], name = this.fresh('w')): string {
    this.inits.push({ name, dims, dataType: DT.FLOAT, rawData: bytesOf(Float32Array.from(values)) });
    return name;
  }

  f16(values: ArrayLike<number>, dims: number[], name = this.fresh('h')): string {
    this.inits.push({ name, dims, dataType: DT.FLOAT16, rawData: bytesOf(toHalfArray(values)) });
    return name;
  }

  u8(values: ArrayLike<number>, dims: number[], name = this.fresh('u')): string {
    this.inits.push({ name, dims, dataType: DT.UINT8, rawData: Uint8Array.from(values) });
    return name;
  }

  /** A Constant node (kept in the graph, not an initializer): shapes, axes, small structural tables. */
  constant(dtype: 'float32' | 'float16' | 'int64', values: number[], dims = [values.length]): string {
    return this.op('Constant', [], { value: tensor(dtype, values, dims) });
  }

  i64(values: number[], dims = [values.length], name = this.fresh('i')): string {
    this.inits.push({ name, dims, dataType: DT.INT64, rawData: bytesOf(BigInt64Array.from(values.map(BigInt))) });
    return name;
  }

  scalar(value: number): string {
    return this.f32([value], []);
  }

  /**
   * Adds a node; returns the name of its (first) output. `out` names it (e.g. a graph output); `domain`
   * places the op outside the default domain (e.g. 'com.microsoft', with a matching toBytes opset).
   */
  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, out?: string | string[], domain?: string): string {
    const outputs = Array.isArray(out) ? out : [out ?? this.fresh(type.toLowerCase())];
    const attribute = Object.entries(attrs).map(([name, a]) => {
      const AT = onnx.AttributeProto.AttributeType;
      switch (a.kind) {
        case 'int':
          return { name, type: AT.INT, i: a.value };
        case 'ints':
          return { name, type: AT.INTS, ints: a.value };
        case 'float':
          return { name, type: AT.FLOAT, f: a.value };
        case 'string':
          return { name, type: AT.STRING, s: new TextEncoder().encode(a.value) };
        case 'tensor': {
          const data = attrTensorData(a.dtype, a.values);
          return { name, type: AT.TENSOR, t: { dims: a.dims, dataType: ELEM[a.dtype], rawData: bytesOf(data) } };
        }
      }
    });
    const node = { opType: type, input: inputs, output: outputs, name: this.fresh(`n_${type}`), attribute };
    this.nodes.push(domain ? { ...node, domain } : node);
    return outputs[0];
  }

  /**
   * Serialized ModelProto (IR 8, opset 17): the same builder calls always give the same bytes.
   * `extraOpsets` adds imports for other domains (e.g. { domain: 'com.microsoft', version: 1 });
   * `external` adds initializers whose bytes live in an external data file, not in the protobuf.
   */
  toBytes(extraOpsets: Opset[] = [], external: ExternalTensor[] = []): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'lumen-web',
      opsetImport: [{ domain: '', version: 17 }, ...extraOpsets],
      graph: {
        name: this.name,
        node: this.nodes as never,
        initializer: [...this.inits, ...external.map(externalInit)] as never,
        input: this.inputs as never,
        output: this.outputs as never,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
