// Loads each graph of a model set once, checks it against its contract, and serializes runs that share a
// device (ORT web cannot run two sessions of one device at once: transformers.js chains them the same way, src/backends/onnx.js).
import { contractFor } from '../../models/contracts';
import type { FloatType, GraphKey, ModelSet } from '../../models/model-set';
import type { AssetSource, GraphProvider } from './context';
import { checkContract } from './contract';
import type { ExecutionProvider, GraphSession, Runtime } from './graph';

export class GraphUnavailableError extends Error {
  override name = 'GraphUnavailableError';
  constructor(
    readonly key: GraphKey,
    reason: string,
  ) {
    super(`The "${key}" graph of this model set cannot run here: ${reason}`);
  }
}

/** A graph made on this device (models/model-set.ts `builtOnDevice`) that is not in the store yet. */
export class GraphNotBuiltError extends Error {
  override name = 'GraphNotBuiltError';
  constructor(
    readonly key: GraphKey,
    readonly path: string,
    todo: string,
  ) {
    super(`The "${key}" graph (${path}) is made on this device and is not there yet: ${todo}`);
  }
}

export interface GraphProviderOptions {
  runtime: Runtime;
  set: ModelSet;
  assets: AssetSource;
  /** Which execution providers to try for a graph, in order. */
  providersFor: (key: GraphKey, float: FloatType) => ExecutionProvider[];
  /** Told once per graph which provider took it (the UI says which it chose). */
  onLoaded?: (key: GraphKey, session: GraphSession) => void;
}

/**
 * Chains every run on this provider's sessions, so runs never overlap on the device. A run fetches only
 * `needed` (the outputs the graph's contract names: those its stage reads) unless the caller names others.
 */
function serialized(session: GraphSession, queue: { tail: Promise<unknown> }, needed: readonly string[]): GraphSession {
  return {
    ...session,
    inputs: session.inputs,
    outputs: session.outputs,
    run(feeds, fetches = needed) {
      const next = queue.tail.then(() => session.run(feeds, fetches));
      queue.tail = next.catch(() => undefined);
      return next;
    },
    release: () => session.release(),
  };
}

export function createGraphProvider(options: GraphProviderOptions): GraphProvider {
  const { runtime, set, assets } = options;
  const sessions = new Map<GraphKey, Promise<GraphSession>>();
  const queue = { tail: Promise.resolve() as Promise<unknown> };

  async function load(key: GraphKey): Promise<GraphSession> {
    const reason = set.unavailable?.[key];
    if (reason) throw new GraphUnavailableError(key, reason);
    const file = set.graphs[key];
    const sessionOptions = { providers: options.providersFor(key, file.float), freeDims: file.freeDims };
    const source = (await assets.graph?.(file.path)) ?? null;
    // No host has this path: when the source (the model store, or a server's folder) does not hold it, say
    // what to do instead of fetching it.
    if (!source && file.builtOnDevice && assets.graph) throw new GraphNotBuiltError(key, file.path, file.builtOnDevice);
    let session: GraphSession;
    try {
      session = source
        ? await runtime.createSessionFrom(key, source, sessionOptions)
        : await runtime.createSession(key, await assets.bytes(file.path), sessionOptions);
    } finally {
      source?.release?.();
    }
    const contract = contractFor(set, key);
    try {
      checkContract(contract, session.inputs, session.outputs);
    } catch (e) {
      await session.release();
      throw e;
    }
    options.onLoaded?.(key, session);
    return serialized(
      session,
      queue,
      contract.outputs.map((o) => o.name),
    );
  }

  return {
    get(key) {
      let s = sessions.get(key);
      if (!s) {
        s = load(key);
        sessions.set(key, s);
        // A failed load must not poison the cache: the next call tries again.
        s.catch(() => sessions.delete(key));
      }
      return s;
    },
    async release(keys) {
      const targets = keys ?? [...sessions.keys()];
      for (const key of targets) {
        const s = sessions.get(key);
        sessions.delete(key);
        if (s) await s.then((x) => x.release()).catch(() => undefined);
      }
    },
  };
}
