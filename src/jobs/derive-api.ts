// What the derive worker exposes: float32 variants of a set's float16 graphs made on this device
// (derive-variant.ts), reading the originals from OPFS and writing through sync access handles.
import { blobSource, type ByteSource } from '../../models/convert/byte-source';
import { externalFilesOf } from '../../models/convert/skeleton';
import type { GraphKey } from '../../models/model-set';
import { modelSetById } from '../../models/sets/index';
import { completeStoredFile, opfsRoot } from '../runtime/stored-files';
import type { FileStore } from '../store/file-store';
import { storePathOf } from '../store/set-install';
import { deriveVariant } from './derive-variant';

export interface DeriveProgress {
  key: GraphKey;
  bytesDone: number;
  bytesTotal: number;
}

/** The derive worker's calls (each takes its signal first: src/leaf/jobs.ts), over a FileStore. */
export function deriveApi(store: FileStore) {
  return {
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
      const r = await deriveVariant(
        store,
        source,
        { setId, graphPath: graph.path, sourceSha256: original.meta.expectedSha256 },
        {
          externalFiles,
          signal,
          onProgress: (p) => onProgress?.({ key, ...p }),
        },
      );
      return { key, bytes: r.bytes, dataBytes: r.dataBytes, sha256: r.sha256, largestTensorBytes: r.summary.largestTensorBytes };
    },
  };
}
