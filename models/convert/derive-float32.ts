// Derives a float32 ONNX graph from a float16 one, for devices whose WebGPU lacks shader-f16 (SwiftShader,
// many real GPUs): every float16 tensor, type and cast target becomes float32; everything else is copied
// byte for byte. Works on the protobuf wire (see wire.ts), walking ModelProto -> graphs and functions ->
// nodes -> attributes -> subgraphs (If/Loop/Scan bodies) recursively.
import { FLOAT, FLOAT16, rewriteHalfTensor } from './half-tensor';
import { concatPieces, fields, nested, piecesLength, rewriteFields, utf8, varintField, WIRE, type Pieces } from './wire';

/** What the derivation changed. */
export interface Float32Summary {
  /** float16 initializers (dense and sparse, subgraphs included) rewritten as float32. */
  initializers: number;
  /** float16 tensors held in node attributes: Constant `value`, ConstantOfShape `value`, ... */
  constants: number;
  /** Cast `to` (and Random*, EyeLike, Bernoulli `dtype`) attributes switched from FLOAT16 to FLOAT. */
  casts: number;
  /** Main-graph inputs and outputs whose element type went from float16 to float32. */
  inputs: number;
  outputs: number;
  /** value_info entries, subgraph and function inputs/outputs and type attributes retyped. */
  valueInfos: number;
  /** com.microsoft MatMulNBits nodes seen: their T1 type follows A, so float32 A + float32 scales suffice. */
  matMulNBits: number;
  /** Subgraphs (node attributes of graph type) visited. */
  subgraphs: number;
  bytesIn: number;
  bytesOut: number;
}

export interface DeriveOptions {
  /** Largest single-protobuf output; defaults to the 2 GiB protobuf limit (a parameter so tests can hit it). */
  maxBytes?: number;
}

export const PROTOBUF_LIMIT = 2 ** 31 - 1;

export class ExternalDataNeededError extends Error {
  override name = 'ExternalDataNeededError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
    why = 'it needs ONNX external data (weights in a separate file), which deriveFloat32 does not write: use deriveFloat32Stream',
  ) {
    super(`The float32 graph would be ${bytes} bytes as one protobuf, over the ${limit}-byte limit: ${why}`);
  }
}

// Field numbers from onnx.proto.
export const MODEL = { graph: 7, functions: 25 };
export const GRAPH = { node: 1, initializer: 5, input: 11, output: 12, valueInfo: 13, sparseInitializer: 15 };
const FUNCTION = { node: 7, valueInfo: 12 };
const NODE = { attribute: 5, opType: 4, domain: 7 };
const ATTR = { name: 1, i: 3, t: 5, g: 6, tensors: 10, graphs: 11, tp: 14, typeProtos: 15, sparseTensor: 22, sparseTensors: 23 };
const SPARSE_VALUES = 1;
const VALUE_INFO_TYPE = 2;
const TYPE = { tensor: 1, sequence: 4, map: 5, sparseTensor: 8, optional: 9 };
const ELEM_TYPE = 1;

// Standard ops whose output element type is an attribute rather than an input's type.
const TYPE_ATTRIBUTES: Record<string, string> = {
  Cast: 'to',
  RandomNormal: 'dtype',
  RandomUniform: 'dtype',
  RandomNormalLike: 'dtype',
  RandomUniformLike: 'dtype',
  EyeLike: 'dtype',
  Bernoulli: 'dtype',
};

export function emptySummary(bytesIn: number): Float32Summary {
  return {
    initializers: 0,
    constants: 0,
    casts: 0,
    inputs: 0,
    outputs: 0,
    valueInfos: 0,
    matMulNBits: 0,
    subgraphs: 0,
    bytesIn,
    bytesOut: bytesIn,
  };
}

/** The in-memory rewrite of one message at a time; the streaming derivation reuses it for small messages. */
export class Deriver {
  constructor(readonly summary: Float32Summary) {}

  model(msg: Uint8Array): Pieces | null {
    return rewriteFields(msg, (f) => {
      if (f.number === MODEL.graph) return nested(f, (b) => this.graph(b, true));
      if (f.number === MODEL.functions) return nested(f, (b) => this.function(b));
      return null;
    });
  }

  graph(msg: Uint8Array, main: boolean): Pieces | null {
    const s = this.summary;
    return rewriteFields(msg, (f) => {
      switch (f.number) {
        case GRAPH.node:
          return nested(f, (b) => this.node(b));
        case GRAPH.initializer:
          return this.counted(nested(f, rewriteHalfTensor), () => s.initializers++);
        case GRAPH.sparseInitializer:
          return this.counted(
            nested(f, (b) => this.sparse(b)),
            () => s.initializers++,
          );
        case GRAPH.input:
          return this.counted(
            nested(f, (b) => this.valueInfo(b)),
            () => (main ? s.inputs++ : s.valueInfos++),
          );
        case GRAPH.output:
          return this.counted(
            nested(f, (b) => this.valueInfo(b)),
            () => (main ? s.outputs++ : s.valueInfos++),
          );
        case GRAPH.valueInfo:
          return this.counted(
            nested(f, (b) => this.valueInfo(b)),
            () => s.valueInfos++,
          );
        default:
          return null;
      }
    });
  }

  function(msg: Uint8Array): Pieces | null {
    return rewriteFields(msg, (f) => {
      if (f.number === FUNCTION.node) return nested(f, (b) => this.node(b));
      if (f.number === FUNCTION.valueInfo)
        return this.counted(
          nested(f, (b) => this.valueInfo(b)),
          () => this.summary.valueInfos++,
        );
      return null;
    });
  }

  node(msg: Uint8Array): Pieces | null {
    let opType = '';
    let domain = '';
    for (const f of fields(msg)) {
      if (f.number === NODE.opType && f.wire === WIRE.bytes) opType = utf8(f.body);
      else if (f.number === NODE.domain && f.wire === WIRE.bytes) domain = utf8(f.body);
    }
    const standard = domain === '' || domain === 'ai.onnx';
    if (domain === 'com.microsoft' && opType === 'MatMulNBits') this.summary.matMulNBits++;
    const typeAttribute = standard ? TYPE_ATTRIBUTES[opType] : undefined;
    return rewriteFields(msg, (f) => (f.number === NODE.attribute ? nested(f, (b) => this.attribute(b, typeAttribute)) : null));
  }

  private attribute(msg: Uint8Array, typeAttribute: string | undefined): Pieces | null {
    let name = '';
    for (const f of fields(msg)) if (f.number === ATTR.name && f.wire === WIRE.bytes) name = utf8(f.body);
    const s = this.summary;
    return rewriteFields(msg, (f) => {
      switch (f.number) {
        case ATTR.i:
          if (name !== typeAttribute || f.wire !== WIRE.varint || f.varint !== FLOAT16) return null;
          s.casts++;
          return varintField(ATTR.i, FLOAT);
        case ATTR.t:
        case ATTR.tensors:
          return this.counted(nested(f, rewriteHalfTensor), () => s.constants++);
        case ATTR.sparseTensor:
        case ATTR.sparseTensors:
          return this.counted(
            nested(f, (b) => this.sparse(b)),
            () => s.constants++,
          );
        case ATTR.g:
        case ATTR.graphs:
          s.subgraphs++;
          return nested(f, (b) => this.graph(b, false));
        case ATTR.tp:
        case ATTR.typeProtos:
          return this.counted(
            nested(f, (b) => this.type(b)),
            () => s.valueInfos++,
          );
        default:
          return null;
      }
    });
  }

  sparse(msg: Uint8Array): Pieces | null {
    return rewriteFields(msg, (f) => (f.number === SPARSE_VALUES ? nested(f, rewriteHalfTensor) : null));
  }

  valueInfo(msg: Uint8Array): Pieces | null {
    return rewriteFields(msg, (f) => (f.number === VALUE_INFO_TYPE ? nested(f, (b) => this.type(b)) : null));
  }

  /** TypeProto: tensor and sparse-tensor element types, and the types inside sequence/map/optional. */
  private type(msg: Uint8Array): Pieces | null {
    const elem = (body: Uint8Array): Pieces | null =>
      rewriteFields(body, (f) =>
        f.number === ELEM_TYPE && f.wire === WIRE.varint && f.varint === FLOAT16 ? varintField(ELEM_TYPE, FLOAT) : null,
      );
    const inner = (fieldNumber: number) => (body: Uint8Array) =>
      rewriteFields(body, (f) => (f.number === fieldNumber ? nested(f, (b) => this.type(b)) : null));
    return rewriteFields(msg, (f) => {
      switch (f.number) {
        case TYPE.tensor:
        case TYPE.sparseTensor:
          return nested(f, elem);
        case TYPE.sequence:
        case TYPE.optional:
          return nested(f, inner(1));
        case TYPE.map:
          return nested(f, inner(2));
        default:
          return null;
      }
    });
  }

  counted<P>(result: P | null, count: () => void): P | null {
    if (result) count();
    return result;
  }
}

/**
 * The float32 version of a float16 ONNX model. A model with nothing float16 in it comes back as the same
 * bytes. Throws ExternalDataNeededError when the result would not fit one protobuf, and
 * ExternalHalfDataError when a float16 weight lives in an external data file.
 */
export function deriveFloat32(bytes: Uint8Array, options: DeriveOptions = {}): { bytes: Uint8Array; summary: Float32Summary } {
  const summary = emptySummary(bytes.length);
  const pieces = new Deriver(summary).model(bytes);
  if (!pieces) return { bytes, summary };
  const total = piecesLength(pieces);
  const limit = options.maxBytes ?? PROTOBUF_LIMIT;
  if (total > limit) throw new ExternalDataNeededError(total, limit);
  summary.bytesOut = total;
  return { bytes: concatPieces(pieces, total), summary };
}
