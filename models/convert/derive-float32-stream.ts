// deriveFloat32 for graphs of any size: reads the float16 model from a ByteSource (an OPFS File, a file
// on disk) and writes the float32 model to a sink, never holding either whole. Converting doubles every
// float16 weight, so a 1.9 GB q4f16 UNet can pass protobuf's 2 GB limit: then every initializer of at
// least `externalThreshold` bytes moves to an external data file (ONNX external data, offsets aligned
// to 4 KiB so a native runtime can map them) and the .onnx keeps the graph and the small tensors.
import { SourceReader, type ByteSink, type ByteSource } from './byte-source';
import { Deriver, emptySummary, ExternalDataNeededError, PROTOBUF_LIMIT, type Float32Summary } from './derive-float32';
import { planModel } from './stream-model';
import { planLength, writePlan, type Piece } from './stream-plan';
import type { TensorPlan } from './stream-tensor';

export interface StreamSummary extends Float32Summary {
  /** The largest main-graph initializer in the output, in bytes (device fit compares GPU buffer limits). */
  largestTensorBytes: number;
  /** Bytes written to the external data file (0 when the output is one file). */
  externalDataBytes: number;
  /** Initializers moved to the external data file. */
  externalTensors: number;
}

export interface StreamDeriveOptions {
  /** Largest .onnx to write as one protobuf (default: protobuf's 2 GiB limit). */
  maxBytes?: number;
  /** Bulk read and write granularity (default 4 MiB); headers are read through a window of at most 64 KiB. */
  chunkBytes?: number;
  /** Smallest initializer moved out when external data is needed (default 64 KiB). */
  externalThreshold?: number;
  /** The external data file's name as written in the model (relative to the .onnx). */
  dataLocation: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytesDone: number; bytesTotal: number }) => void;
  /**
   * The external data files the float16 model refers to, by the location it writes (a compiled graph's
   * companion file). Its tensors are then copied, converted where float16, into the output's own data
   * file, which the output always has.
   */
  externalFiles?: Record<string, ByteSource>;
  /** Called with the output's size once it is planned, before anything is written (a storage check). */
  beforeWrite?: (bytesTotal: number) => void | Promise<void>;
}

export interface StreamDeriveResult {
  summary: StreamSummary;
  /** Bytes written to the model sink. */
  modelBytes: number;
  /** Set when an external data file was written. */
  dataLocation?: string;
}

export const DEFAULT_CHUNK = 4 << 20;
export const HEADER_WINDOW = 64 << 10;
const ALIGN = 4096;

interface Plan {
  summary: StreamSummary;
  model: Piece[] | null;
  data: Piece[];
}

async function plan(r: SourceReader, external: { location: string; threshold: number } | null, readExternal: boolean): Promise<Plan> {
  const summary: StreamSummary = { ...emptySummary(r.size), largestTensorBytes: 0, externalDataBytes: 0, externalTensors: 0 };
  const data: Piece[] = [];
  let dataAt = 0;
  const place = (pieces: Piece[], length: number) => {
    const pad = (ALIGN - (dataAt % ALIGN)) % ALIGN;
    if (pad) data.push(new Uint8Array(pad));
    const offset = dataAt + pad;
    data.push(...pieces);
    dataAt = offset + length;
    return offset;
  };
  const onTensor = (t: TensorPlan) => {
    summary.largestTensorBytes = Math.max(summary.largestTensorBytes, t.dataBytes);
    if (t.movedOut) summary.externalTensors++;
  };
  const model = await planModel(r, {
    deriver: new Deriver(summary),
    tensor: { toFloat32: true, external: external ? { ...external, place } : undefined, readExternal },
    onTensor,
  });
  summary.externalDataBytes = dataAt;
  return { summary, model, data };
}

export async function deriveFloat32Stream(
  source: ByteSource,
  sinks: { model: ByteSink; data: () => ByteSink | Promise<ByteSink> },
  options: StreamDeriveOptions,
): Promise<StreamDeriveResult> {
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK;
  const limit = options.maxBytes ?? PROTOBUF_LIMIT;
  const r = new SourceReader(source, Math.min(chunk, HEADER_WINDOW));
  const files = options.externalFiles ?? {};
  const readExternal = Object.keys(files).length > 0;
  const target = { location: options.dataLocation, threshold: options.externalThreshold ?? 64 << 10 };
  // A model with external data already gets an external data file of its own straight away.
  let p = await plan(r, readExternal ? target : null, readExternal);
  let modelLength = p.model ? planLength(p.model) : source.size;
  if (modelLength > limit && !readExternal) {
    p = await plan(r, target, false);
    modelLength = planLength(p.model!);
  }
  if (modelLength > limit) {
    throw new ExternalDataNeededError(
      modelLength,
      limit,
      'even with every initializer over the threshold in external data (large Constant nodes stay inline)',
    );
  }
  const bytesTotal = modelLength + p.summary.externalDataBytes;
  await options.beforeWrite?.(bytesTotal);
  let bytesDone = 0;
  let lastReport = 0;
  const onBytes = (n: number) => {
    bytesDone += n;
    // Every 1% or so: a 4 GB output would otherwise send a thousand events.
    if (bytesDone - lastReport >= bytesTotal / 100 || bytesDone === bytesTotal) {
      lastReport = bytesDone;
      options.onProgress?.({ bytesDone, bytesTotal });
    }
  };
  const io = { chunkBytes: chunk, signal: options.signal, onBytes, files };
  options.onProgress?.({ bytesDone: 0, bytesTotal });
  // A model with nothing float16 in it is copied as it is.
  await writePlan(r, p.model ?? [{ at: 0, length: source.size }], sinks.model, io);
  if (p.data.length) await writePlan(r, p.data, await sinks.data(), io);
  p.summary.bytesOut = bytesTotal;
  return { summary: p.summary, modelBytes: modelLength, dataLocation: p.data.length ? options.dataLocation : undefined };
}
