// Questions about one stored file: what state it is in, is it still intact (full re-hash), forget it.
import { OFF_THREAD_MIN_BYTES, openPair, withFileLock } from './download';
import type { FileStore, SyncFile } from './file-store';
import { createContentHasher, expectedDigest, hashKind } from './hashing';
import { metaPath, type FileMeta } from './meta';

export interface StoredStatus {
  path: string;
  url: string;
  bytesDone: number;
  bytesTotal: number;
  complete: boolean;
  /** What the stored copy was (or is being) checked against, so a caller can see the host's file changed. */
  expectedSha256: string;
  expectedGitSha1?: string;
  hashSource?: 'manifest' | 'host';
}

export interface VerifyResult {
  path: string;
  ok: boolean;
  bytes: number;
  /** The digest computed now ('' when nothing was hashed): SHA-256, or the git blob SHA-1 (see hashing.ts). */
  sha256: string;
  expectedSha256?: string;
}

/** Reads in slices, never the whole file: model files reach 2 GB. */
const READ_CHUNK = 4 << 20;

/** null when nothing (or no readable record) is stored under `path`. */
export function fileStatus(store: FileStore, path: string): Promise<StoredStatus | null> {
  return withFileLock(path, async () => {
    const pair = await openPair(store, path, false);
    if (!pair) return null;
    try {
      const meta = pair.meta.read();
      if (!meta) return null;
      const complete = meta.complete && pair.data.getSize() === meta.expectedBytes;
      return {
        path,
        url: meta.url,
        bytesDone: complete ? meta.expectedBytes : meta.bytesDone,
        bytesTotal: meta.expectedBytes,
        complete,
        expectedSha256: meta.expectedSha256,
        expectedGitSha1: meta.expectedGitSha1,
        hashSource: meta.hashSource,
      };
    } finally {
      pair.data.close();
      pair.meta.close();
    }
  });
}

export function removeFile(store: FileStore, path: string): Promise<void> {
  return withFileLock(path, async () => {
    await store.remove(path);
    await store.remove(metaPath(path));
  });
}

/**
 * Re-hashes a complete file from storage; a partial answers ok: false untouched. A complete file that no
 * longer matches is deleted (it cannot be used, and a later download must start from zero rather than
 * trust its record). Leftovers with no readable record (a download the quota stopped before its first
 * record) are not a stored file: they are removed and answer like a missing one (sha256 '').
 */
export function verifyFile(store: FileStore, path: string): Promise<VerifyResult> {
  return withFileLock(path, async () => {
    const pair = await openPair(store, path, false);
    if (!pair) return { path, ok: false, bytes: 0, sha256: '' };
    let result: VerifyResult = { path, ok: false, bytes: 0, sha256: '' };
    try {
      const meta = pair.meta.read();
      // A partial is not corrupt, just unfinished: leave it for the resume.
      if (meta && !meta.complete) return { path, ok: false, bytes: meta.bytesDone, sha256: '', expectedSha256: meta.expectedSha256 };
      if (meta) result = { path, ...(await rehash(pair.data, meta)) };
    } finally {
      pair.data.close();
      pair.meta.close();
    }
    if (!result.ok) {
      await store.remove(path);
      await store.remove(metaPath(path));
    }
    return result;
  });
}

async function rehash(data: SyncFile, meta: FileMeta): Promise<Omit<VerifyResult, 'path'>> {
  const size = data.getSize();
  const want = { bytes: meta.expectedBytes, sha256: meta.expectedSha256, gitSha1: meta.expectedGitSha1 };
  // A complete record always has an expected hash (nothing is marked complete without one).
  // Large files hash beside the reads, in a worker of their own (each slice then has its own buffer).
  const offThread = size >= OFF_THREAD_MIN_BYTES && typeof Worker !== 'undefined';
  const hasher = await createContentHasher(hashKind(want) ? want : { ...want, sha256: '-' }, { offThread });
  let sha256: string;
  try {
    const shared = offThread ? undefined : new Uint8Array(Math.min(READ_CHUNK, Math.max(size, 1)));
    for (let at = 0; at < size; ) {
      const buf = shared ?? new Uint8Array(Math.min(READ_CHUNK, size - at));
      const n = data.read(buf, { at });
      if (n <= 0) break;
      hasher.update(n === buf.length ? buf : buf.subarray(0, n));
      at += n;
    }
    sha256 = await hasher.digest();
  } finally {
    hasher.close();
  }
  return { ok: size === meta.expectedBytes && sha256 === expectedDigest(want), bytes: size, sha256, expectedSha256: expectedDigest(want) };
}
