// Derive worker: makes float32 variants of a set's float16 graphs on this device (src/store/
// derive-variant.ts), reading the originals from OPFS and writing through sync access handles, so a
// multi-gigabyte conversion never blocks the page or the download worker and never sits in memory whole.
import * as Comlink from 'comlink';
import { blobSource } from '../models/convert/byte-source';
import type { GraphKey } from '../models/model-set';
import { modelSetById } from '../models/sets/index';
import { completeStoredFile, opfsRoot } from '../src/runtime/stored-files';
import { deriveVariant } from '../src/store/derive-variant';
import { createOpfsStore } from '../src/store/opfs-store';
import { storePathOf } from '../src/store/set-install';

const store = createOpfsStore();
const running = new Set<AbortController>();

export interface DeriveProgress {
  key: GraphKey;
  bytesDone: number;
  bytesTotal: number;
}

const api = {
  async derive(setId: string, key: GraphKey, onProgress?: (p: DeriveProgress) => void) {
    const set = modelSetById(setId);
    const graph = set.graphs[key];
    const root = await opfsRoot();
    const original = root && (await completeStoredFile(root, storePathOf(set.id, graph.path)));
    if (!original) throw new Error(`${key}: the float16 graph ${graph.path} is not installed yet, so there is nothing to derive from.`);
    const controller = new AbortController();
    running.add(controller);
    try {
      const r = await deriveVariant(store, blobSource(original.file), { setId, graphPath: graph.path, sourceSha256: original.meta.expectedSha256 }, {
        signal: controller.signal,
        onProgress: (p) => onProgress?.({ key, ...p }),
      });
      return { key, bytes: r.bytes, dataBytes: r.dataBytes, sha256: r.sha256, largestTensorBytes: r.summary.largestTensorBytes };
    } finally {
      running.delete(controller);
    }
  },
  abort() {
    for (const c of running) c.abort();
  },
};

export type DeriveApi = typeof api;

Comlink.expose(api);
