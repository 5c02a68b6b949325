// Where safetensors bytes come from. The reader asks for small ranges (the header, then one tensor at a
// time), so a multi-GB checkpoint is never held whole: in the browser it stays in a File/OPFS Blob or on
// the server behind HTTP Range requests.

export interface ByteSource {
  /** Total length in bytes. */
  size(): Promise<number>;
  /** Exactly `length` bytes starting at `offset`; rejects rather than returning a short read. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}

function checkRange(what: string, offset: number, length: number, size: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new RangeError(`${what}: invalid read offset ${offset}, length ${length}`);
  }
  if (offset + length > size) {
    throw new RangeError(`${what}: read of ${length} bytes at ${offset} runs past the end (${size} bytes)`);
  }
}

/** A source over bytes already in memory (tests, small files). Reads are views, not copies. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: async () => bytes.length,
    read: async (offset, length, signal) => {
      signal?.throwIfAborted();
      checkRange('memory source', offset, length, bytes.length);
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** A source over a Blob or File (browser, OPFS getFile(), or Node's Blob); only the slice is read. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: async () => blob.size,
    read: async (offset, length, signal) => {
      signal?.throwIfAborted();
      checkRange('blob source', offset, length, blob.size);
      const buffer = await blob.slice(offset, offset + length).arrayBuffer();
      signal?.throwIfAborted();
      if (buffer.byteLength !== length) {
        throw new Error(`blob source: asked for ${length} bytes at ${offset}, got ${buffer.byteLength}`);
      }
      return new Uint8Array(buffer);
    },
  };
}

export class HttpRangeError extends Error {
  override name = 'HttpRangeError';
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${url}: ${detail}`);
  }
}

export interface HttpRangeOptions {
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Injected fetch; the global one by default. */
  fetch?: typeof fetch;
}

/** "bytes a-b/total" → numbers; total may be "*" (unknown) and is then NaN. */
function parseContentRange(value: string | null): { first: number; last: number; total: number } | null {
  const m = value ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!m) return null;
  return { first: Number(m[1]), last: Number(m[2]), total: m[3] === '*' ? NaN : Number(m[3]) };
}

/**
 * A source over a URL that honours `Range: bytes=a-b`. The size comes from the Content-Range of a
 * one-byte request (HEAD is not reliably answered with a length by CDNs). A server that answers 200 to a
 * Range request would stream the whole file for every tensor: that is an error, and the body is cancelled.
 */
export function httpRangeSource(url: string, options: HttpRangeOptions = {}): ByteSource {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let knownSize: number | undefined;

  async function ranged(first: number, last: number, signal?: AbortSignal) {
    const response = await doFetch(url, {
      headers: { ...options.headers, Range: `bytes=${first}-${last}` },
      signal,
    });
    const range = `bytes ${first}-${last}`;
    if (response.status === 200) {
      await response.body?.cancel();
      throw new HttpRangeError(url, 200, `server answered 200 (whole file) to a Range request for ${range}; it must support Range (206)`);
    }
    if (response.status !== 206) {
      await response.body?.cancel();
      throw new HttpRangeError(url, response.status, `Range request for ${range} failed with HTTP ${response.status}`);
    }
    const header = response.headers.get('Content-Range');
    const parsed = parseContentRange(header);
    if (!parsed || parsed.first !== first || parsed.last !== last) {
      await response.body?.cancel();
      throw new HttpRangeError(url, 206, `asked for ${range} but Content-Range is "${header ?? '(missing)'}"`);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length !== last - first + 1) {
      throw new HttpRangeError(url, 206, `asked for ${last - first + 1} bytes (${range}) but got ${body.length}`);
    }
    return { body, total: parsed.total };
  }

  async function size(signal?: AbortSignal): Promise<number> {
    if (knownSize === undefined) {
      const { total } = await ranged(0, 0, signal);
      if (!Number.isSafeInteger(total)) {
        throw new HttpRangeError(url, 206, 'Content-Range does not state the total size');
      }
      knownSize = total;
    }
    return knownSize;
  }

  return {
    size: () => size(),
    read: async (offset, length, signal) => {
      checkRange(url, offset, length, await size(signal));
      if (length === 0) return new Uint8Array(0);
      return (await ranged(offset, offset + length - 1, signal)).body;
    },
  };
}
