// One HTTP request for the rest of a file, and what its answer means for the bytes we hold. Resuming sends
// `Range: bytes=<done>-` with `If-Range` set to the validator we saved, so a file that changed on the
// server comes back whole (200) instead of as a spliced-on tail.
import { AbortError } from '../leaf/abort';
import { httpAdvice, networkAdvice } from './advice';
import { DownloadHttpError, DownloadNetworkError } from './errors';
import type { StoreEntry } from './download';
import type { FileMeta } from './meta';

export type Answer =
  | { kind: 'continue'; status: number; body: ReadableStream<Uint8Array>; totalBytes?: number; etag?: string; lastModified?: string }
  /** The server will not continue from our offset; `body`, when present, is the whole file from byte 0. */
  | { kind: 'restart'; status: number; body?: ReadableStream<Uint8Array>; totalBytes?: number; etag?: string; lastModified?: string };

/** `bytes <start>-<end>/<total|*>` → numbers, or null when malformed. */
export function parseContentRange(header: string | null): { start: number; end: number; total?: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

export async function requestBody(
  entry: StoreEntry,
  done: number,
  meta: Pick<FileMeta, 'etag' | 'lastModified'>,
  fetchFn: typeof fetch,
  signal?: AbortSignal,
): Promise<Answer> {
  const headers: Record<string, string> = { ...entry.headers };
  if (done > 0) {
    headers.Range = `bytes=${done}-`;
    const validator = meta.etag ?? meta.lastModified;
    if (validator) headers['If-Range'] = validator;
  }
  let res: Response;
  try {
    // no-store: the HTTP cache must not answer a Range request from a stale or partial entry.
    res = await fetchFn(entry.url, { headers, signal, cache: 'no-store' });
  } catch (e) {
    if (signal?.aborted) throw new AbortError();
    throw new DownloadNetworkError(entry.path, done, `the request failed: ${(e as Error).message}`, networkAdvice(entry.source));
  }
  const validators = { etag: res.headers.get('ETag') ?? undefined, lastModified: res.headers.get('Last-Modified') ?? undefined };
  const drop = async () => {
    await res.body?.cancel().catch(() => undefined);
  };
  if (res.status === 206) {
    const range = parseContentRange(res.headers.get('Content-Range'));
    if (done > 0 && range?.start === done)
      return { kind: 'continue', status: 206, body: res.body!, totalBytes: range.total, ...validators };
    await drop();
    return { kind: 'restart', status: 206 };
  }
  if (res.status === 200) {
    if (!res.body) throw new DownloadNetworkError(entry.path, done, 'the answer had no body');
    // A 200 to a Range request is the whole file: the caller truncates and starts from zero.
    return done > 0
      ? { kind: 'restart', status: 200, body: res.body, ...validators }
      : { kind: 'continue', status: 200, body: res.body, ...validators };
  }
  await drop();
  if (res.status === 416 && done > 0) return { kind: 'restart', status: 416 };
  throw new DownloadHttpError(entry.path, entry.url, res.status, res.statusText, httpAdvice(res.status, entry.source));
}
