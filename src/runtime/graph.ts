import type { HostTensor, ValueInfo } from '../leaf/tensor';

export type ExecutionProvider = 'webgpu' | 'wasm' | 'cpu' | 'cuda';

/** One loaded ONNX graph, on one execution provider. Runs are serialized by the owner. */
export interface GraphSession {
  readonly key: string;
  readonly provider: ExecutionProvider;
  readonly inputs: ValueInfo[];
  readonly outputs: ValueInfo[];
  /**
   * Runs the graph. `fetches` names the outputs wanted: only those are copied out (a real IS-Net export has
   * 12 outputs, 124 MB, of which the stage reads one); all of them when absent.
   */
  run(feeds: Record<string, HostTensor>, fetches?: readonly string[]): Promise<Record<string, HostTensor>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  /** Tried in order; the adapter reports which one took. */
  providers: ExecutionProvider[];
  /** Values for symbolic dims (ORT freeDimensionOverrides). */
  freeDims?: Record<string, number>;
}

/**
 * A file an ONNX model refers to as external data. `path` is the location written in the model; `data`
 * is where the bytes are: a Blob or bytes (onnxruntime-web; src/runtime/opfs-file-bytes.ts gives a
 * Uint8Array that reads an OPFS file on demand), or a file path (onnxruntime-node).
 */
export interface ExternalFile {
  path: string;
  data: Uint8Array | Blob | string;
}

/**
 * A model and the external data it refers to. `model` is the protobuf (small when the weights are
 * external) or a path/URL the runtime reads itself.
 */
export interface GraphSource {
  model: Uint8Array | string;
  externalData?: ExternalFile[];
  /** What the source holds open (read handles on stored files); called once the session exists. */
  release?(): void;
  /** How the graph was found, for the stage's log ("from OPFS, 3 files"). */
  describe?: string;
}

/** The runtime-agnostic face of onnxruntime-web / onnxruntime-node. */
export interface Runtime {
  readonly name: string;
  createSession(key: string, model: Uint8Array, options: SessionOptions): Promise<GraphSession>;
  /** A session from a model plus external data files, so large weights never pass as one copy. */
  createSessionFrom(key: string, source: GraphSource, options: SessionOptions): Promise<GraphSession>;
}
