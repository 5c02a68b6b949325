// Downloads one file into a FileStore, resumably. The invariant everything rests on: the meta's bytesDone
// and hashState always describe the same prefix of the data file, and that prefix is flushed before the
// meta says so. Any interruption (drop, abort, quota) therefore persists the exact prefix it has, and the
// next call resumes with a Range request from there without re-hashing. A file whose host copy changed
// (another expected hash, or another ETag answering If-Range) starts again from zero: never spliced.
import { AbortError } from '../leaf/abort';
import type { FileSource } from './advice';
import {
  DownloadHttpError,
  DownloadNetworkError,
  HashMismatchError,
  IncompleteDownloadError,
  isQuotaError,
  SizeMismatchError,
  StorageQuotaError,
  UnknownHashError,
} from './errors';
import { openPair, withFileLock } from './file-pair';
import { shortWriteError, type FileStore } from './file-store';
import { createContentHasher, expectedDigest, hashKind, hashLabel, type ContentHasher } from './hashing';
import { fromBase64, toBase64 } from '../leaf/base64';
import { metaPath, type FileMeta } from './meta';
import { requestBody } from './request';
import { throttle } from './throttle';

export interface StoreEntry {
  /** Where the file lives in the store (also its name in messages), e.g. "sdxl-turbo/unet.onnx". */
  path: string;
  url: string;
  bytes: number;
  /** The expected content hash: SHA-256, or for a small Hub file kept in git its blob id. One is required. */
  sha256?: string;
  gitSha1?: string;
  hashSource?: 'manifest' | 'host';
  /** Extra request headers (the Hugging Face token, only ever for huggingface.co; see hosts.ts). */
  headers?: Record<string, string>;
  /** Who serves the file, for the advice in error messages. */
  source?: FileSource;
}

export interface DownloadProgress {
  file: string;
  bytesDone: number;
  bytesTotal: number;
  /** Something the user should be told (the host's copy changed and the file starts again). */
  note?: string;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Flush data + meta after this many bytes (default 16 MiB), or at the latest every 2 s. */
  flushEveryBytes?: number;
  fetchFn?: typeof fetch;
}

/** Below this a hashing worker costs more to start than it saves. */
export const OFF_THREAD_MIN_BYTES = 2 << 20;

export interface DownloadResult {
  path: string;
  bytes: number;
  /** The digest that matched: SHA-256, or the git blob SHA-1 for a file the host lists only by that. */
  sha256: string;
  /** Bytes already stored when this call began (0 for a fresh download). */
  resumedFrom: number;
  /** HTTP requests this call made (0 when the file was already complete). */
  requests: number;
  /** True when a stored copy was dropped because the host's file changed. */
  changedOnHost: boolean;
}

// Kept importable from here: other store modules took them from this file first.
export { openPair, withFileLock } from './file-pair';

function sameContent(meta: FileMeta, entry: StoreEntry): boolean {
  return (
    meta.expectedBytes === entry.bytes &&
    (meta.expectedSha256 || '').toLowerCase() === (entry.sha256 ?? '').toLowerCase() &&
    (meta.expectedGitSha1 ?? '').toLowerCase() === (entry.gitSha1 ?? '').toLowerCase()
  );
}

function shortHash(meta: Pick<FileMeta, 'expectedSha256' | 'expectedGitSha1'>): string {
  return (meta.expectedSha256 || meta.expectedGitSha1 || '?').slice(0, 12);
}

export function downloadFile(store: FileStore, entry: StoreEntry, options: DownloadOptions = {}): Promise<DownloadResult> {
  return withFileLock(entry.path, () => run(store, entry, options));
}

async function run(store: FileStore, entry: StoreEntry, options: DownloadOptions): Promise<DownloadResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new AbortError();
  const kind = hashKind(entry);
  if (!kind) throw new UnknownHashError([entry.path]);
  const expected = expectedDigest(entry);
  const flushBytes = options.flushEveryBytes ?? 16 << 20;
  const flushMs = 2000;
  // Before the handles open, so nothing can throw between opening them and the `finally` that closes them.
  // Large files hash in a worker of their own, overlapping the writes (hash-offthread.ts).
  // Hash in a worker of its own where one can be made and the file is large enough to repay it.
  const offThread = entry.bytes >= OFF_THREAD_MIN_BYTES && typeof Worker !== 'undefined';
  const hasher: ContentHasher = await createContentHasher(entry, { offThread });
  const { data, meta: metaFile } = (await openPair(store, entry.path, true).catch((e: unknown) => {
    // Even creating the two files can be refused when the origin is at its quota.
    throw isQuotaError(e) ? new StorageQuotaError(entry.path, entry.bytes, undefined) : e;
  }))!;
  let meta: FileMeta = {
    url: entry.url,
    bytesDone: 0,
    hashState: '',
    expectedBytes: entry.bytes,
    expectedSha256: entry.sha256 ?? '',
    expectedGitSha1: entry.gitSha1,
    hashSource: entry.hashSource,
    complete: false,
  };
  let done = 0;
  let requests = 0;
  let deletePartial = false;
  let changedOnHost = false;
  const progress = (note?: string) =>
    onProgress?.({ file: entry.path, bytesDone: done, bytesTotal: entry.bytes, ...(note ? { note } : {}) });
  const ticker = throttle(() => progress(), 100);
  // The state saved is the hasher's after exactly `done` bytes: nothing is hashed while it is asked for.
  const persist = async () => {
    data.flush();
    const at = done;
    const state = at ? toBase64(await hasher.save()) : '';
    meta = { ...meta, bytesDone: at, hashState: state };
    metaFile.write(meta);
  };
  const restart = async () => {
    done = 0;
    hasher.reset();
    data.truncate(0);
    meta = { ...meta, etag: undefined, lastModified: undefined };
    await persist();
  };

  try {
    metaFile.reserve();
    const saved = metaFile.read();
    if (saved && saved.url === entry.url && sameContent(saved, entry)) {
      if (saved.complete && data.getSize() === entry.bytes) {
        progress();
        return { path: entry.path, bytes: entry.bytes, sha256: expected, resumedFrom: entry.bytes, requests: 0, changedOnHost };
      }
      // A data file shorter than the meta claims means the meta cannot be trusted: start over.
      if (!saved.complete && saved.bytesDone > 0 && saved.hashState && data.getSize() >= saved.bytesDone) {
        hasher.load(fromBase64(saved.hashState));
        meta = saved;
        done = saved.bytesDone;
      }
    } else if (saved && !sameContent(saved, entry) && (saved.complete || saved.bytesDone > 0)) {
      // Other content expected than what is stored: the host's file changed since this copy was stored.
      changedOnHost = true;
      progress(
        `"${entry.path}" changed on the host since it was stored (hash ${shortHash(saved)}… is now ${expected.slice(0, 12)}…): ` +
          'fetching it again from zero.',
      );
    }
    // Bytes past the recorded prefix were written but never hashed into the saved state: drop them.
    data.truncate(done);
    const resumedFrom = done;
    progress();

    for (let attempt = 0; done < entry.bytes; attempt++) {
      requests++;
      const answer = await requestBody(entry, done, meta, options.fetchFn ?? fetch, signal);
      if (answer.kind === 'restart') {
        // The server cannot continue from our offset (200, 416 or a 206 elsewhere): begin again, once.
        if (attempt > 1) throw new DownloadHttpError(entry.path, entry.url, answer.status, 'the server does not resume downloads');
        if (done > 0 && answer.etag && meta.etag && answer.etag !== meta.etag) {
          changedOnHost = true;
          progress(`"${entry.path}" changed on the host while it was paused (another ETag): starting again from zero, not splicing.`);
        }
        if (done > 0) await restart();
        if (!answer.body) continue;
      }
      if (answer.totalBytes !== undefined && answer.totalBytes !== entry.bytes) {
        await answer.body?.cancel().catch(() => undefined);
        deletePartial = true;
        throw new SizeMismatchError(entry.path, entry.bytes, answer.totalBytes);
      }
      meta = { ...meta, etag: answer.etag ?? meta.etag, lastModified: answer.lastModified ?? meta.lastModified };
      const reader = answer.body!.getReader();
      let sinceFlush = 0;
      let lastFlush = Date.now();
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        if (done + value.length > entry.bytes) {
          await reader.cancel().catch(() => undefined);
          deletePartial = true;
          throw new SizeMismatchError(entry.path, entry.bytes, done + value.length);
        }
        // Write before hashing: the hash must cover exactly the stored prefix. A write the quota cut
        // short stored its first bytes; they count, and the error saves the record. The file is exactly
        // `done` long before each write, so its size says how many landed (Chromium has been seen
        // answering such a write with a wrapped-around count).
        // (The hasher may take the chunk's buffer over, so its length is read first.)
        const length = value.length;
        const answered = data.write(value, { at: done });
        const n = answered === length ? answered : Math.min(length, Math.max(0, data.getSize() - done));
        if (n > 0) hasher.update(n === length ? value : value.subarray(0, n));
        done += n;
        sinceFlush += n;
        if (n !== length) throw shortWriteError(answered, length);
        const now = Date.now();
        if (sinceFlush >= flushBytes || now - lastFlush >= flushMs) {
          await persist();
          sinceFlush = 0;
          lastFlush = now;
        }
        ticker.tick();
      }
      await persist();
      if (done < entry.bytes) throw new IncompleteDownloadError(entry.path, done, entry.bytes);
    }

    const actual = await hasher.digest();
    if (actual !== expected) {
      deletePartial = true;
      const why = changedOnHost ? 'The file changed on the host; the next install asks the host again.' : '';
      throw new HashMismatchError(entry.path, expected, actual, hashLabel(kind), why);
    }
    meta = { ...meta, bytesDone: done, hashState: '', complete: true };
    data.flush();
    metaFile.write(meta);
    progress();
    return { path: entry.path, bytes: done, sha256: actual, resumedFrom, requests, changedOnHost };
  } catch (e) {
    if (!deletePartial) {
      try {
        await persist();
      } catch {
        // Storage itself failed (quota on the meta): the last good record stays; resume starts there.
      }
    }
    throw await explain(e, entry, done, store, signal);
  } finally {
    ticker.cancel();
    hasher.close();
    data.close();
    metaFile.close();
    if (deletePartial) {
      await store.remove(entry.path);
      await store.remove(metaPath(entry.path));
    }
  }
}

async function explain(e: unknown, entry: StoreEntry, done: number, store: FileStore, signal?: AbortSignal): Promise<Error> {
  if (signal?.aborted) return new AbortError();
  if (isQuotaError(e)) {
    const free = await store.available().catch(() => undefined);
    // A free figure larger than what was refused is wrong (the browser's estimate lags): say nothing then.
    return new StorageQuotaError(entry.path, entry.bytes - done, free !== undefined && free < entry.bytes - done ? free : undefined);
  }
  const name = (e as Error).name;
  if (e instanceof Error && /Error$/.test(name) && name !== 'Error' && name !== 'TypeError') return e;
  return new DownloadNetworkError(entry.path, done, (e as Error).message || String(e));
}
