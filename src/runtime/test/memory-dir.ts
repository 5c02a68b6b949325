// Test support: the memory store's files seen the way OPFS's async API shows them to a worker
// (directories → file handles → Blobs), and a way to put a file in that store as complete.
import { createHash } from 'node:crypto';
import type { FileStore } from '../../store/file-store';
import { MetaFile, metaPath, type FileMeta } from '../../store/meta';
import type { StoredDir } from '../stored-files';

export function dirOver(files: Map<string, Uint8Array>, prefix = ''): StoredDir {
  const notFound = () => Object.assign(new Error('absent'), { name: 'NotFoundError' });
  const key = (name: string) => `${prefix === '/' ? '' : prefix}${name}`;
  return {
    // The store's OPFS folder is "models"; the memory store has no such level.
    getDirectoryHandle: async (name) => dirOver(files, prefix === '' && name === 'models' ? '/' : `${key(name)}/`),
    getFileHandle: async (name) => {
      if (!files.has(key(name))) throw notFound();
      return { getFile: async () => new Blob([files.get(key(name))!.slice()]) };
    },
  };
}

/** Writes `bytes` under `path` with a meta that says complete (as a finished download or derivation). */
export async function storeComplete(store: FileStore, path: string, bytes: Uint8Array, extra: Partial<FileMeta> = {}): Promise<void> {
  const data = (await store.open(path, true))!;
  data.truncate(0);
  data.write(bytes, { at: 0 });
  data.close();
  const meta = new MetaFile((await store.open(metaPath(path), true))!);
  meta.write({
    url: 'test:',
    bytesDone: bytes.length,
    hashState: '',
    expectedBytes: bytes.length,
    expectedSha256: createHash('sha256').update(bytes).digest('hex'),
    complete: true,
    ...extra,
  });
  meta.close();
}
