// Copies one file the user picked from disk into the store, for machines that cannot reach the host.
// One streamed pass: each chunk is written and hashed, never the whole file in memory; at the end the
// size and hash must be the entry's, else nothing is kept. A complete import is recorded exactly like a
// complete download of entry.url (same meta), so install, verify and the stages treat both alike.
import { AbortError } from '../leaf/abort';
import { OFF_THREAD_MIN_BYTES, openPair, withFileLock, type DownloadProgress, type StoreEntry } from './download';
import { ImportMismatchError, isQuotaError, StorageQuotaError, UnknownHashError } from './errors';
import { writeFully, type FileStore } from './file-store';
import { createContentHasher, expectedDigest, hashKind } from './hashing';
import { metaPath, type FileMeta } from './meta';
import { throttle } from './throttle';

export interface ImportResult {
  path: string;
  bytes: number;
  /** The digest that matched (SHA-256, or git blob SHA-1). */
  sha256: string;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Shown in messages as where the bytes came from (the picked file's path). */
  sourceName?: string;
}

export function importFile(store: FileStore, entry: StoreEntry, file: Blob, options: ImportOptions = {}): Promise<ImportResult> {
  const source = options.sourceName ?? (file as File).name ?? 'the picked file';
  // Wrong size: refused before a byte is written.
  if (file.size !== entry.bytes) {
    return Promise.reject(new ImportMismatchError(entry.path, source, 'size', String(entry.bytes), String(file.size)));
  }
  if (!hashKind(entry)) return Promise.reject(new UnknownHashError([entry.path]));
  return withFileLock(entry.path, () => copy(store, entry, file, source, options));
}

async function copy(store: FileStore, entry: StoreEntry, file: Blob, source: string, options: ImportOptions): Promise<ImportResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new AbortError();
  const hasher = await createContentHasher(entry, { offThread: entry.bytes >= OFF_THREAD_MIN_BYTES && typeof Worker !== 'undefined' });
  const { data, meta: metaFile } = (await openPair(store, entry.path, true))!;
  let done = 0;
  let keep = false;
  const progress = () => onProgress?.({ file: entry.path, bytesDone: done, bytesTotal: entry.bytes });
  const ticker = throttle(progress, 100);
  try {
    metaFile.reserve();
    data.truncate(0);
    // A record first that says "nothing stored", so an interrupted import never looks complete.
    const meta: FileMeta = {
      url: entry.url,
      bytesDone: 0,
      hashState: '',
      expectedBytes: entry.bytes,
      expectedSha256: entry.sha256 ?? '',
      expectedGitSha1: entry.gitSha1,
      hashSource: entry.hashSource,
      complete: false,
    };
    metaFile.write(meta);
    progress();
    const reader = file.stream().getReader();
    for (;;) {
      if (signal?.aborted) {
        await reader.cancel().catch(() => undefined);
        throw new AbortError();
      }
      const { value, done: ended } = await reader.read();
      if (ended) break;
      writeFully(data, value, done);
      done += value.length;
      // Last: the hasher may take the chunk's buffer over.
      hasher.update(value);
      ticker.tick();
    }
    const actual = await hasher.digest();
    const expected = expectedDigest(entry);
    if (done !== entry.bytes) throw new ImportMismatchError(entry.path, source, 'size', String(entry.bytes), String(done));
    if (actual !== expected) throw new ImportMismatchError(entry.path, source, 'hash', expected, actual);
    data.flush();
    metaFile.write({ ...meta, bytesDone: done, complete: true });
    keep = true;
    progress();
    return { path: entry.path, bytes: done, sha256: actual };
  } catch (e) {
    if (isQuotaError(e)) {
      const free = await store.available().catch(() => undefined);
      throw new StorageQuotaError(entry.path, entry.bytes, free !== undefined && free < entry.bytes ? free : undefined);
    }
    throw e;
  } finally {
    ticker.cancel();
    hasher.close();
    data.close();
    metaFile.close();
    if (!keep) {
      await store.remove(entry.path);
      await store.remove(metaPath(entry.path));
    }
  }
}
