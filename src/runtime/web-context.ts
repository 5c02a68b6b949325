// Builds a worker's StageContext: assets from the model store (OPFS) or else the network, onnxruntime-web sessions, and the provider policy
// (whose choice is told to the user as an 'info' progress event, once per graph).
import type { GraphKey, ModelSet } from '../../models/model-set';
import { modelSetById } from '../../models/sets';
import type { AssetSource, StageContext } from './context';
import type { ProgressFn } from '../leaf/progress';
import type { Capabilities } from './capabilities';
import { storePathOf } from '../store/set-install';
import { completeStoredFile, opfsRoot, type StoredDir } from './stored-files';
import { storedGraphSource } from './stored-graph';
import { AssetFetchError, NotInstalledError } from './errors';
import { createGraphProvider } from './graph-loader';
import type { Runtime } from './graph';
import { createWebRuntime } from './ort-web';
import { fitDevice, fittedSet, type DeviceFit } from './device-fit';
import { STAGE_OF_GRAPH } from './provider-policy';
import { setBaseUrl } from './set-base-url';

export function fetchAssetSource(baseUrl: string, fetchFn: typeof fetch = fetch): AssetSource {
  async function get(path: string, signal?: AbortSignal): Promise<Response> {
    const url = new URL(path, baseUrl).href;
    let res: Response;
    try {
      res = await fetchFn(url, { signal });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new AssetFetchError(url, undefined, `the network request failed (${(e as Error).message})`);
    }
    if (!res.ok) {
      const hint = res.status === 404 ? ' (file not found)' : res.status === 401 || res.status === 403 ? ' (access denied)' : '';
      throw new AssetFetchError(url, res.status, `HTTP ${res.status} ${res.statusText}${hint}`.trim());
    }
    return res;
  }
  return {
    text: async (path, signal) => (await get(path, signal)).text(),
    bytes: async (path, signal) => new Uint8Array(await (await get(path, signal)).arrayBuffer()),
  };
}

export type { StoredDir };

/**
 * The fallback for a real set's files: gigabytes are never streamed into a worker past the model store
 * (which resumes, verifies and keeps them), so a file it does not hold is a clear error instead.
 */
export function notInstalledSource(): AssetSource {
  const refuse = async (path: string): Promise<never> => {
    throw new NotInstalledError(path);
  };
  return { text: refuse, bytes: refuse };
}

/**
 * Reads a set's files from OPFS where the model store holds them complete; anything else from
 * `fallback`. A stored graph is handed over as a GraphSource (stored-graph.ts), never as one copy.
 */
export function opfsFirstAssetSource(setId: string, fallback: AssetSource, root: () => Promise<StoredDir | null> = opfsRoot): AssetSource {
  const stored = async (path: string) => {
    const dir = await root();
    return dir ? completeStoredFile(dir, storePathOf(setId, path)) : null;
  };
  return {
    async text(path, signal) {
      const file = await stored(path);
      return file ? file.file.text() : fallback.text(path, signal);
    },
    async bytes(path, signal) {
      const file = await stored(path);
      return file ? new Uint8Array(await file.file.arrayBuffer()) : fallback.bytes(path, signal);
    },
    async graph(path) {
      const dir = await root();
      return dir ? storedGraphSource(dir, storePathOf(setId, path)) : null;
    },
  };
}

/** Where a worker reads a set's files: the model store first; then the network for the fixture set only. */
export function setAssetSource(set: ModelSet): AssetSource {
  return opfsFirstAssetSource(set.id, set.kind === 'real' ? notInstalledSource() : fetchAssetSource(setBaseUrl(set)));
}

export interface WebContextOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** For tests and the bench: a runtime other than onnxruntime-web. */
  runtime?: Runtime;
  assets?: AssetSource;
  /** Which variant and provider each graph gets (device-fit.ts); without it, the provider policy alone. */
  fit?: DeviceFit;
}

/**
 * A StageContext for one worker. Graph sessions are cached inside the returned context's provider, so a
 * worker keeps one context alive across runs and swaps only signal/onProgress per run (see workers/).
 */
export function createWebContext(setId: string, caps: Capabilities, options: WebContextOptions = {}): StageContext {
  const base = modelSetById(setId);
  const fit = options.fit ?? fitDevice(base, caps);
  // The stages read each graph's file and boundary dtype from the set: give them the fitted one.
  const set = fittedSet(base, fit);
  const assets = options.assets ?? setAssetSource(set);
  const runtime = options.runtime ?? createWebRuntime({ threads: caps.threads, jspi: caps.jspi });
  const ctx: StageContext = { set, assets, signal: options.signal, onProgress: options.onProgress, graphs: undefined! };
  const told = new Set<GraphKey>();
  ctx.graphs = createGraphProvider({
    runtime,
    set,
    assets,
    providersFor: (key) => {
      const choice = fit.graphs[key];
      if (!told.has(key)) {
        told.add(key);
        ctx.onProgress?.({ status: 'info', stage: STAGE_OF_GRAPH[key], message: choice.reason });
      }
      return choice.providers;
    },
    onLoaded: (key, session) => {
      // The adapter falls back down the list silently; say so when the preferred provider failed.
      const wanted = fit.graphs[key].providers[0];
      if (session.provider !== wanted) {
        ctx.onProgress?.({
          status: 'info',
          stage: STAGE_OF_GRAPH[key],
          message: `${key}: ${wanted} could not load it, so it runs on ${session.provider}.`,
        });
      }
    },
  });
  return ctx;
}
