// One adapter for onnxruntime-web and onnxruntime-node: both expose the onnxruntime-common API, so the
// pipeline talks to either through the same Runtime interface (docs/ARCHITECTURE.md, "One core, two runtimes").
import type * as OrtCommon from 'onnxruntime-common';
import type { ValueInfo } from '../leaf/tensor';
import type { ExecutionProvider, GraphSession, GraphSource, Runtime, SessionOptions } from './graph';
import type { HostTensor } from '../leaf/tensor';

export type OrtModule = Pick<typeof OrtCommon, 'InferenceSession' | 'Tensor'>;

function describe(meta: readonly OrtCommon.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return meta.map((m) =>
    m.isTensor ? { name: m.name, dtype: m.type, shape: [...m.shape] } : { name: m.name, dtype: 'non-tensor', shape: [] },
  );
}

function toOrt(ort: OrtModule, t: HostTensor): OrtCommon.Tensor {
  // 'bool' tensors travel as Uint8Array; float16 as half bits in a Uint16Array (both accepted by ORT).
  return new ort.Tensor(t.dtype, t.data as never, t.dims);
}

function fromOrt(t: OrtCommon.Tensor): HostTensor {
  const data = t.data as HostTensor['data'];
  // Some builds hand back a Float16Array where available; normalise to half bits.
  const bits =
    t.type === 'float16' && !(data instanceof Uint16Array) ? new Uint16Array((data as unknown as { buffer: ArrayBuffer }).buffer) : data;
  return { dtype: t.type as HostTensor['dtype'], dims: [...t.dims], data: bits };
}

export interface OrtRuntimeOptions {
  /**
   * How external data reaches the runtime. 'mount' (onnxruntime-web): the files are handed over in the
   * `externalData` session option (Blob, bytes, or a Uint8Array that reads on demand). 'files'
   * (onnxruntime-node): they are paths, found by the native loader beside the model or in their folder.
   */
  externalData: 'mount' | 'files';
}

type CreateArg = { model: Uint8Array | string; extra: Partial<OrtCommon.InferenceSession.SessionOptions> };

function dirAndBase(p: string): [string, string] {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? ['.', p] : [p.slice(0, i) || '/', p.slice(i + 1)];
}

/** onnxruntime-node: every external file must be named as the model names it, all in one folder. */
function filesArg(source: GraphSource): CreateArg {
  const files = source.externalData ?? [];
  const folders = new Set<string>();
  for (const f of files) {
    if (typeof f.data !== 'string') throw new TypeError(`external data "${f.path}" must be a file path for onnxruntime-node`);
    const [dir, base] = dirAndBase(f.data);
    if (base !== f.path) throw new Error(`external data file ${f.data} must be named "${f.path}", as the model refers to it`);
    folders.add(dir);
  }
  if (folders.size > 1) throw new Error(`the external data files of one model must share a folder (got ${[...folders].join(', ')})`);
  if (typeof source.model === 'string') {
    const [dir] = dirAndBase(source.model);
    if (folders.size && !folders.has(dir)) throw new Error(`external data must sit beside the model file ${source.model}`);
    return { model: source.model, extra: {} };
  }
  // A model from bytes finds its external data in this folder (a native session config entry).
  const folder = [...folders][0];
  return { model: source.model, extra: folder ? { extra: { session: { model_external_initializers_file_folder_path: folder } } } : {} };
}

function mountArg(source: GraphSource): CreateArg {
  const files = source.externalData ?? [];
  return { model: source.model, extra: files.length ? { externalData: files.map((f) => ({ path: f.path, data: f.data })) } : {} };
}

export function createOrtRuntime(ort: OrtModule, name: string, runtimeOptions: OrtRuntimeOptions = { externalData: 'mount' }): Runtime {
  async function create(key: string, arg: CreateArg, options: SessionOptions): Promise<GraphSession> {
    const errors: string[] = [];
    for (const provider of options.providers) {
      try {
        const sessionOptions: OrtCommon.InferenceSession.SessionOptions = {
          ...arg.extra,
          executionProviders: [provider],
          freeDimensionOverrides: options.freeDims,
          graphOptimizationLevel: 'all',
          // Severity 3 = error. ORT's warnings (e.g. "Some nodes were not assigned to the preferred
          // execution providers", which is expected: shape ops run on the CPU) otherwise reach
          // console.error on every cold run, where they read as failures.
          logSeverityLevel: 3,
        };
        const session =
          typeof arg.model === 'string'
            ? await ort.InferenceSession.create(arg.model, sessionOptions)
            : await ort.InferenceSession.create(arg.model, sessionOptions);
        return wrap(ort, key, provider, session);
      } catch (e) {
        errors.push(`${provider}: ${(e as Error).message}`);
      }
    }
    throw new Error(`Could not load graph "${key}" on any execution provider (${errors.join('; ')})`);
  }
  return {
    name,
    createSession: (key, model, options) => create(key, { model, extra: {} }, options),
    createSessionFrom: async (key, source, options) =>
      create(key, runtimeOptions.externalData === 'files' ? filesArg(source) : mountArg(source), options),
  };
}

function wrap(ort: OrtModule, key: string, provider: ExecutionProvider, session: OrtCommon.InferenceSession): GraphSession {
  return {
    key,
    provider,
    inputs: describe(session.inputMetadata),
    outputs: describe(session.outputMetadata),
    async run(feeds, fetches) {
      const ortFeeds: Record<string, OrtCommon.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(ort, t);
      // ORT's run(feeds, fetches): outputs not named are never copied out of the session.
      const out = fetches ? await session.run(ortFeeds, fetches) : await session.run(ortFeeds);
      const result: Record<string, HostTensor> = {};
      for (const [name, t] of Object.entries(out)) {
        result[name] = fromOrt(t);
        t.dispose();
      }
      return result;
    },
    release: () => session.release(),
  };
}
