// Node side of "one core, two runtimes": onnxruntime-node and files on disk. Used by unit tests, the
// bench and the remote server. The fixture set's baseUrl is resolved against <repo>/public/.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelSet } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import type { AssetSource, StageContext } from './context';
import type { ProgressFn } from '../leaf/progress';
import type { ExecutionProvider } from './graph';
import { createGraphProvider } from './graph-loader';
import { createOrtRuntime, type OrtModule } from './ort-adapter';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export function nodeAssetSource(root: string): AssetSource {
  const resolve = (p: string) => path.resolve(root, p);
  return {
    text: (p) => readFile(resolve(p), 'utf8'),
    bytes: async (p) => new Uint8Array(await readFile(resolve(p))),
    // By path: onnxruntime-node reads the file itself and finds any external data beside it, so a
    // multi-gigabyte graph never passes through the JS heap.
    graph: async (p) => (existsSync(resolve(p)) ? { model: resolve(p), describe: `${p} from disk` } : null),
  };
}

/** onnxruntime-node behind the Runtime interface; external data files are given as paths. */
export function createNodeRuntime() {
  return createOrtRuntime(ort as unknown as OrtModule, 'onnxruntime-node', { externalData: 'files' });
}

export interface NodeContextOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  providers?: ExecutionProvider[];
  /** Directory the set's baseUrl is resolved against (default: the repo's public/). */
  root?: string;
}

export function createNodeContext(set: ModelSet = FIXTURE_SET, options: NodeContextOptions = {}): StageContext {
  const root = path.resolve(options.root ?? PUBLIC_DIR, set.baseUrl);
  const assets = nodeAssetSource(root);
  const runtime = createNodeRuntime();
  const graphs = createGraphProvider({
    runtime,
    set,
    assets,
    providersFor: () => options.providers ?? ['cpu'],
  });
  return { set, graphs, assets, signal: options.signal, onProgress: options.onProgress };
}
