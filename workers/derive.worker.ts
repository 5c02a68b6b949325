// Derive worker: makes float32 variants of a set's float16 graphs on this device (src/store/
// derive-variant.ts), reading the originals from OPFS and writing through sync access handles, so a
// multi-gigabyte conversion never blocks the page or the download worker and never sits in memory whole.
import * as Comlink from 'comlink';
import { blobSource, type ByteSource } from '../models/convert/byte-source';
import { externalFilesOf } from '../models/convert/skeleton';
import type { GraphKey } from '../models/model-set';
import { modelSetById } from '../models/sets/index';
import { completeStoredFile, opfsRoot } from '../src/runtime/stored-files';
import { deriveVariant } from '../src/jobs/derive-variant';
import { jobApi } from '../src/leaf/jobs';
import { createOpfsStore } from '../src/store/opfs-store';
import { storePathOf } from '../src/store/set-install';

const store = createOpfsStore();

export interface DeriveProgress {
  key: GraphKey;
  bytesDone: number;
  bytesTotal: number;
}

const api = jobApi({
  async derive(signal: AbortSignal, setId: string, key: GraphKey, onProgress?: (p: DeriveProgress) => void) {
    const set = modelSetById(setId);
    const graph = set.graphs[key];
    const root = await opfsRoot();
    const original = root && (await completeStoredFile(root, storePathOf(set.id, graph.path)));
    if (!original) throw new Error(`${key}: the float16 graph ${graph.path} is not installed yet, so there is nothing to derive from.`);
    // A graph whose weights are in a companion file (a compiled graph) is read from both.
    const source = blobSource(original.file);
    const externalFiles: Record<string, ByteSource> = {};
    const dir = graph.path.slice(0, graph.path.lastIndexOf('/') + 1);
    for (const location of await externalFilesOf(source)) {
      const f = await completeStoredFile(root, storePathOf(set.id, dir + location));
      if (!f) throw new Error(`${key}: its weights are in ${location}, which is not installed beside ${graph.path}.`);
      externalFiles[location] = blobSource(f.file);
    }
    const r = await deriveVariant(store, source, { setId, graphPath: graph.path, sourceSha256: original.meta.expectedSha256 }, {
      externalFiles,
      signal,
      onProgress: (p) => onProgress?.({ key, ...p }),
    });
    return { key, bytes: r.bytes, dataBytes: r.dataBytes, sha256: r.sha256, largestTensorBytes: r.summary.largestTensorBytes };
  },
});

export type DeriveApi = typeof api;

Comlink.expose(api);
