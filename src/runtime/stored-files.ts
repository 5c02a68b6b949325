// Reading the model store's files from a worker or the page with OPFS's async API (the store worker owns
// the sync handles for writing). A file counts only when its meta says complete and the size agrees, the
// same test the store applies, so a partial or damaged download is never handed to a stage.
import { MetaFile, type FileMeta } from '../store/meta';

/** The part of an OPFS file handle the readers use (a FileSystemFileHandle is one). */
export interface StoredHandle {
  getFile(): Promise<Blob>;
}

/** The part of an OPFS directory handle the readers use (a FileSystemDirectoryHandle is one). */
export interface StoredDir {
  getDirectoryHandle(name: string): Promise<StoredDir>;
  getFileHandle(name: string): Promise<StoredHandle>;
}

export interface StoredFile {
  handle: StoredHandle;
  file: Blob;
  meta: FileMeta;
}

// The model store keeps its files under this OPFS folder (src/store/opfs-store.ts).
const STORE_ROOT = 'models';

export function opfsRoot(): Promise<StoredDir | null> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  return storage?.getDirectory ? storage.getDirectory().catch(() => null) : Promise.resolve(null);
}

/** The meta record in a stored `.meta` file's bytes (a read-only view for MetaFile). */
export function metaOf(raw: Uint8Array): FileMeta | null {
  return new MetaFile({
    read: (buf, { at }) => {
      const part = raw.subarray(at, at + buf.length);
      buf.set(part);
      return part.length;
    },
    getSize: () => raw.length,
    write: () => 0,
    truncate: () => undefined,
    flush: () => undefined,
    close: () => undefined,
  }).read();
}

/** The stored copy of a file (by store path) when the model store holds it complete, else null. */
export async function completeStoredFile(root: StoredDir, storePath: string): Promise<StoredFile | null> {
  const parts = [STORE_ROOT, ...storePath.split('/')];
  const name = parts.pop()!;
  try {
    let dir = root;
    for (const p of parts) dir = await dir.getDirectoryHandle(p);
    const handle = await dir.getFileHandle(name);
    const file = await handle.getFile();
    const meta = metaOf(new Uint8Array(await (await (await dir.getFileHandle(`${name}.meta`)).getFile()).arrayBuffer()));
    return meta?.complete && file.size === meta.expectedBytes ? { handle, file, meta } : null;
  } catch {
    return null; // absent, or busy in the store worker: the network copy is as good
  }
}
