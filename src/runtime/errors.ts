// Typed, actionable errors, as web-llm does (src/error.ts in mlc-ai/web-llm); their titles, advice and
// scope are one table (error-table.ts). The UI branches on `error.name`, never on instanceof: errors
// that cross a comlink boundary arrive as plain Errors that keep only name, message and stack.
import { ERROR_TABLE, errorRow } from './error-table';

export class WebGPUNotAvailableError extends Error {
  override name = 'WebGPUNotAvailableError';
  constructor(reason = 'this browser did not offer a WebGPU adapter') {
    super(`WebGPU is not available: ${reason}. Models will run on the CPU (wasm), which is much slower.`);
  }
}

export class ShaderF16SupportError extends Error {
  override name = 'ShaderF16SupportError';
  constructor(what = 'a float16 model') {
    super(`This GPU does not support 16-bit float shaders (shader-f16), which ${what} needs on WebGPU.`);
  }
}

export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
  constructor(detail?: string) {
    super(
      `The GPU device was lost${detail ? ` (${detail})` : ''}. This is often out of memory: ` +
        'close other GPU-heavy tabs or choose fewer parts / a smaller grid, then try again.',
    );
  }
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`The model file "${file}" is wrong or corrupt: ${detail}`);
  }
}

export class AssetFetchError extends Error {
  override name = 'AssetFetchError';
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`Could not download "${url}": ${detail}`);
  }
}

/** A real set's file that the model store does not hold: it is never streamed past the store. */
export class NotInstalledError extends Error {
  override name = 'NotInstalledError';
  constructor(readonly path: string) {
    super(`"${path}" is not installed in this browser. Open Models and install the set (or import its files from disk).`);
  }
}

/**
 * onnxruntime-web's CPU (wasm) runtime could not allocate. All of its memory is one WebAssembly memory,
 * which a browser caps at 4 GiB (wasm32) whatever RAM the machine has: a graph's weights, their
 * prepacked copies and its working buffers must fit together under that cap.
 */
export class WasmMemoryError extends Error {
  override name = 'WasmMemoryError';
  constructor(detail = '') {
    super(
      'The CPU (wasm) runtime ran out of memory: WebAssembly memory is capped at 4 GiB in a browser, however much ' +
        `memory the machine has, and this graph does not fit under it${detail ? ` (${detail})` : ''}. ` +
        'Run it on the GPU (WebGPU) or on a Lumen server (Advanced settings → Run on).',
    );
  }
}

export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
  constructor(worker: string, detail: string) {
    super(`The ${worker} worker crashed: ${detail}. It will be restarted on the next run.`);
  }
}

export interface ErrorDescription {
  /** Stable name the UI branches on. */
  name: string;
  /** Short heading for an error card. */
  title: string;
  /** What happened, in plain words. */
  message: string;
  /** What to do about it ('' when the message says it). */
  advice: string;
}

// ORT and the browser report these conditions only as text; map them to our typed names.
// onnxruntime-web reports a failed allocation inside its wasm heap as "ERROR_CODE: 6, ERROR_MESSAGE:
// std::bad_alloc" (seen creating a session over 4 GiB with onnxruntime-web 1.30); Emscripten's own
// words when memory cannot grow are the others.
const WASM_MEMORY =
  /ERROR_CODE: \d+, ERROR_MESSAGE: std::bad_alloc|Aborted\(OOM\)|Cannot enlarge memory|WebAssembly\.Memory\.grow|Maximum memory size exceeded/i;
const DEVICE_LOST = /device (was |is )?lost|GPUDevice.*lost|out of memory|\bOOM\b|failed to allocate|allocation failed/i;
const F16_MISSING = /requires f16|shader-f16|f16 .*not support/i;
const BAD_MODEL = /protobuf parsing failed|invalid (onnx )?model|failed to load model|ModelProto/i;

/** Recognises typed failures hidden in untyped runtime errors (ORT messages, GPU validation). */
export function classifyError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(typeof e === 'string' ? e : JSON.stringify(e));
  if (err.name in ERROR_TABLE) return err;
  if (WASM_MEMORY.test(err.message)) return new WasmMemoryError(err.message);
  if (DEVICE_LOST.test(err.message)) return new DeviceLostError(err.message);
  if (F16_MISSING.test(err.message)) return new ShaderF16SupportError();
  if (BAD_MODEL.test(err.message)) return new ModelFileError(fileNameIn(err.message) ?? 'model', err.message);
  return err;
}

function fileNameIn(message: string): string | undefined {
  return /graph "([^"]+)"/.exec(message)?.[1] ?? /([\w.-]+\.onnx)/.exec(message)?.[1];
}

/** What the UI shows for any thrown value: a stable name, a heading and a plain sentence. */
export function describeError(e: unknown): ErrorDescription {
  const err = classifyError(e);
  const name = err.name || 'Error';
  const { title, advice } = errorRow(name);
  return { name, title, message: err.message || String(e), advice };
}
