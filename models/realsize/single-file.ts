// Writes a plan as ONE .onnx file with every initializer inline (raw_data), as the webnn/sdxl-turbo
// exports are shipped, streaming: the small graph (nodes, inputs, outputs) is encoded once, and each
// initializer's TensorProto is written as its header, then its raw_data field's tag and length, then the
// bytes the plan produces for it, one tensor in memory at a time. All lengths are known from the plan up
// front, so the enclosing GraphProto's length prefix is written before any weight.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { layoutOf, type GraphPlan, type StoredDType } from '../compiler/plan';

const { onnx } = onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx };
const DATA_TYPE: Record<StoredDType, number> = { float32: 1, uint8: 2, int64: 7, float16: 10 };
/** protobuf limits a message to 2 GiB − 1 bytes; ONNX files past it need external data. */
export const PROTOBUF_LIMIT = 2 ** 31 - 1;

/** Field tags (number << 3 | length-delimited). */
const MODEL_GRAPH = (7 << 3) | 2;
const GRAPH_INITIALIZER = (5 << 3) | 2;
const TENSOR_RAW_DATA = (9 << 3) | 2;

function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

const lengthOfField = (bodyLength: number) => 1 + varint(bodyLength).length + bodyLength;

export interface SingleFileResult {
  bytes: number;
  sha256: string;
  largestTensor: number;
}

export async function writeSingleFile(
  plan: GraphPlan,
  path: string,
  onTensor?: (index: number, count: number) => void,
): Promise<SingleFileResult> {
  // The plan's own model (external data) minus its initializers: everything but the weights.
  const model = onnx.ModelProto.decode(plan.modelBytes(layoutOf(plan)));
  const graph = model.graph!;
  graph.initializer = [];
  const graphHead = onnx.GraphProto.encode(graph).finish();
  model.graph = null;
  const modelHead = onnx.ModelProto.encode(model).finish();

  const heads = plan.tensors.map((t) => onnx.TensorProto.encode({ name: t.name, dims: t.dims, dataType: DATA_TYPE[t.dtype] }).finish());
  const bodies = plan.tensors.map((t, i) => heads[i].length + lengthOfField(t.byteLength));
  const graphLength = graphHead.length + bodies.reduce((n, b) => n + lengthOfField(b), 0);
  const total = modelHead.length + lengthOfField(graphLength);
  if (graphLength > PROTOBUF_LIMIT)
    throw new Error(`${plan.fileName}: ${graphLength} bytes of graph is past protobuf's 2 GiB limit; use external data`);

  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  let at = 0;
  const put = (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    hash.update(bytes);
    at += bytes.length;
  };
  let largestTensor = 0;
  try {
    put(modelHead);
    put(Uint8Array.of(MODEL_GRAPH));
    put(varint(graphLength));
    put(graphHead);
    for (let i = 0; i < plan.tensors.length; i++) {
      const t = plan.tensors[i];
      put(Uint8Array.of(GRAPH_INITIALIZER));
      put(varint(bodies[i]));
      put(heads[i]);
      put(Uint8Array.of(TENSOR_RAW_DATA));
      put(varint(t.byteLength));
      const data = await t.produce();
      if (data.length !== t.byteLength) throw new Error(`${t.name}: produced ${data.length} bytes, planned ${t.byteLength}`);
      put(data);
      largestTensor = Math.max(largestTensor, data.length);
      onTensor?.(i, plan.tensors.length);
    }
  } finally {
    closeSync(fd);
  }
  if (at !== total) throw new Error(`${plan.fileName}: wrote ${at} bytes, planned ${total}`);
  return { bytes: at, sha256: hash.digest('hex'), largestTensor };
}
