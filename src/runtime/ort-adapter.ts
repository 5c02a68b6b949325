// One adapter for onnxruntime-web and onnxruntime-node: both expose the onnxruntime-common API, so the
// pipeline talks to either through the same Runtime interface (DESIGN.md "One core, two runtimes").
import type * as OrtCommon from 'onnxruntime-common';
import type { ExecutionProvider, GraphSession, Runtime, SessionOptions, ValueInfo } from './graph';
import type { HostTensor } from './tensor';

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
    t.type === 'float16' && !(data instanceof Uint16Array)
      ? new Uint16Array((data as unknown as { buffer: ArrayBuffer }).buffer)
      : data;
  return { dtype: t.type as HostTensor['dtype'], dims: [...t.dims], data: bits };
}

export function createOrtRuntime(ort: OrtModule, name: string): Runtime {
  return {
    name,
    async createSession(key: string, model: Uint8Array, options: SessionOptions): Promise<GraphSession> {
      const errors: string[] = [];
      for (const provider of options.providers) {
        try {
          const session = await ort.InferenceSession.create(model, {
            executionProviders: [provider],
            freeDimensionOverrides: options.freeDims,
            graphOptimizationLevel: 'all',
          });
          return wrap(ort, key, provider, session);
        } catch (e) {
          errors.push(`${provider}: ${(e as Error).message}`);
        }
      }
      throw new Error(`Could not load graph "${key}" on any execution provider (${errors.join('; ')})`);
    },
  };
}

function wrap(
  ort: OrtModule,
  key: string,
  provider: ExecutionProvider,
  session: OrtCommon.InferenceSession,
): GraphSession {
  return {
    key,
    provider,
    inputs: describe(session.inputMetadata),
    outputs: describe(session.outputMetadata),
    async run(feeds) {
      const ortFeeds: Record<string, OrtCommon.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(ort, t);
      const out = await session.run(ortFeeds);
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
