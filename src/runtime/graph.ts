import type { DType, HostTensor } from './tensor';

export type ExecutionProvider = 'webgpu' | 'wasm' | 'cpu' | 'cuda';

/** What a loaded graph says about one of its inputs or outputs. Symbolic dims are strings. */
export interface ValueInfo {
  name: string;
  dtype: DType | string;
  shape: (number | string)[];
}

/** One loaded ONNX graph, on one execution provider. Runs are serialized by the owner. */
export interface GraphSession {
  readonly key: string;
  readonly provider: ExecutionProvider;
  readonly inputs: ValueInfo[];
  readonly outputs: ValueInfo[];
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  /** Tried in order; the adapter reports which one took. */
  providers: ExecutionProvider[];
  /** Values for symbolic dims (ORT freeDimensionOverrides). */
  freeDims?: Record<string, number>;
}

/** The runtime-agnostic face of onnxruntime-web / onnxruntime-node. */
export interface Runtime {
  readonly name: string;
  createSession(key: string, model: Uint8Array, options: SessionOptions): Promise<GraphSession>;
}
