import type { GraphKey, ModelSet } from '../../models/model-set';
import type { GraphSession, GraphSource } from './graph';
import type { ProgressFn } from '../leaf/progress';

/** Loads a graph of the set once, checks it against its contract, and hands out the session. */
export interface GraphProvider {
  get(key: GraphKey): Promise<GraphSession>;
  /** Frees the sessions of these keys (all when omitted). */
  release(keys?: GraphKey[]): Promise<void>;
}

/** Where a set's non-graph files (tokenizers, manifests) come from: fetch in the browser, disk in Node. */
export interface AssetSource {
  text(path: string, signal?: AbortSignal): Promise<string>;
  bytes(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * A graph as a model plus external data files, when this source can hand it over without one whole
   * copy (a stored file in OPFS); null to fall back to bytes().
   */
  graph?(path: string, signal?: AbortSignal): Promise<GraphSource | null>;
}

/** Everything a stage needs besides its own inputs. Stages are pure TS: no DOM, no React. */
export interface StageContext {
  set: ModelSet;
  graphs: GraphProvider;
  assets: AssetSource;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}
