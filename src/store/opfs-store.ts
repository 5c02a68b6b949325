// OPFS behind the FileStore interface. createSyncAccessHandle exists only in dedicated workers, so this
// module is for workers/store.worker.ts; the page reads stored files with the async API.
import type { FileStore, SyncFile } from './file-store';

/** All model files live under this OPFS folder, so a "remove all" never touches other app data. */
const ROOT = 'models';

function isNotFound(e: unknown): boolean {
  const name = (e as Error | undefined)?.name;
  return name === 'NotFoundError' || name === 'TypeMismatchError';
}

async function parentOf(path: string, create: boolean): Promise<{ dir: FileSystemDirectoryHandle; name: string } | null> {
  const parts = [ROOT, ...path.split('/').filter((p) => p && p !== '.' && p !== '..')];
  const name = parts.pop()!;
  let dir = await navigator.storage.getDirectory();
  try {
    for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
  } catch (e) {
    if (!create && isNotFound(e)) return null;
    throw e;
  }
  return { dir, name };
}

export function createOpfsStore(): FileStore {
  return {
    async open(path, create) {
      const where = await parentOf(path, create);
      if (!where) return null;
      let file: FileSystemFileHandle;
      try {
        file = await where.dir.getFileHandle(where.name, { create });
      } catch (e) {
        if (!create && isNotFound(e)) return null;
        throw e;
      }
      // The DOM lib types this as worker-only; it is, and so is this module.
      const handle = await (file as FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncFile> }).createSyncAccessHandle();
      return handle;
    },
    async remove(path) {
      const where = await parentOf(path, false);
      if (!where) return;
      try {
        await where.dir.removeEntry(where.name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    async available() {
      const { quota, usage } = await navigator.storage.estimate();
      return quota === undefined || usage === undefined ? undefined : Math.max(0, quota - usage);
    },
  };
}
