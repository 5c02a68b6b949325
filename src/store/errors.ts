// Typed download errors (as web-llm types its errors, src/error.ts). Each names the file, because the UI lists many files and must say
// which one failed; the name survives comlink, so callers branch on `error.name`.

function mb(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Size was right but the content was not: the partial is deleted, a retry starts from zero. */
export class HashMismatchError extends Error {
  override name = 'HashMismatchError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    hash = 'SHA-256',
    /** Why it may have happened, when the downloader knows more (e.g. the host's file changed). */
    reason = '',
  ) {
    super(
      `The downloaded "${file}" is corrupt: its ${hash} is ${actual}, expected ${expected}.${reason ? ` ${reason}` : ''} It was deleted; try again.`,
    );
  }
}

/** The server sent more bytes than the manifest says: not the file we asked for. Partial deleted. */
export class SizeMismatchError extends Error {
  override name = 'SizeMismatchError';
  constructor(
    readonly file: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The download of "${file}" has the wrong size: got ${actual} bytes, expected ${expected}. It was deleted; try again.`);
  }
}

/** The body ended early without a network error (short answer): the partial is kept for a resume. */
export class IncompleteDownloadError extends Error {
  override name = 'IncompleteDownloadError';
  constructor(
    readonly file: string,
    readonly received: number,
    readonly expected: number,
  ) {
    super(`The server ended "${file}" early: ${received} of ${expected} bytes arrived. Try again to resume.`);
  }
}

/** A non-success HTTP status; the partial (if any) is kept for a resume. */
export class DownloadHttpError extends Error {
  override name = 'DownloadHttpError';
  constructor(
    readonly file: string,
    readonly url: string,
    readonly status: number,
    statusText = '',
    /** What to do, from advice.ts (depends on the host). */
    advice = '',
  ) {
    const hint =
      status === 404 ? ' (not found)' : status === 401 || status === 403 ? ' (access denied)' : status >= 500 ? ' (server error)' : '';
    super(
      `Could not download "${file}": HTTP ${status}${statusText ? ` ${statusText}` : ''}${hint} from ${url}.${advice ? ` ${advice}` : ''}`,
    );
  }
}

/** The connection failed mid-way (dropped, DNS, CORS); the partial is kept for a resume. */
export class DownloadNetworkError extends Error {
  override name = 'DownloadNetworkError';
  constructor(
    readonly file: string,
    readonly bytesDone: number,
    detail: string,
    /** What to do instead of "try again" (a request that never got an answer: offline, CORS). */
    advice = '',
  ) {
    super(
      bytesDone === 0 && advice
        ? `Could not download "${file}" (${detail}). ${advice}`
        : `The download of "${file}" was interrupted after ${bytesDone} bytes (${detail}). ${advice || 'Try again to resume.'}`,
    );
  }
}

/** The browser refused more storage; the partial is kept so a resume after freeing space continues. */
export class StorageQuotaError extends Error {
  override name = 'StorageQuotaError';
  constructor(
    readonly file: string,
    readonly neededBytes: number,
    readonly availableBytes: number | undefined,
  ) {
    const have = availableBytes === undefined ? 'the browser did not say how much is free' : `about ${mb(availableBytes)} is free`;
    super(
      `Not enough storage for "${file}": it needs ${mb(neededBytes)} more, ${have}. Free some space (or allow persistent storage) and resume.`,
    );
  }
}

/** Two downloads (or a download and a remove) of one file at once would fight over its lock. */
export class FileBusyError extends Error {
  override name = 'FileBusyError';
  constructor(readonly file: string) {
    super(`"${file}" is already being downloaded or verified.`);
  }
}

/** No expected hash from the manifest or the host: such a file is never marked complete, so not fetched. */
export class UnknownHashError extends Error {
  override name = 'UnknownHashError';
  constructor(readonly files: string[]) {
    super(
      `Cannot install yet: expected hash unknown for ${files.length} file(s) (${files.join(', ')}). ` +
        'A file that cannot be verified is never marked complete.',
    );
  }
}

/** The host could not say what a file should be (size and hash): nothing of it is downloaded. */
export class HostMetadataError extends Error {
  override name = 'HostMetadataError';
  constructor(
    readonly file: string,
    readonly url: string,
    detail: string,
    advice = '',
  ) {
    super(`Could not get the expected size and hash of "${file}" from the host (${detail}; asked ${url}).${advice ? ` ${advice}` : ''}`);
  }
}

/** A file picked for import is not the file the set needs; nothing of it is kept. */
export class ImportMismatchError extends Error {
  override name = 'ImportMismatchError';
  constructor(
    readonly file: string,
    readonly source: string,
    readonly what: 'size' | 'hash',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      what === 'size'
        ? `"${source}" cannot be "${file}": it has ${actual} bytes, the set needs ${expected}.`
        : `The picked "${source}" is not "${file}": its hash is ${actual}, expected ${expected}. Nothing was copied.`,
    );
  }
}

export function isQuotaError(e: unknown): boolean {
  return (e as Error | undefined)?.name === 'QuotaExceededError';
}
