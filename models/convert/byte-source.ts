// Random-access byte sources and sequential sinks for the streaming ONNX rewrites (stream-plan.ts). A
// real graph (the SDXL Turbo UNet is one 1.9 GB file) is read a chunk at a time and written a chunk at a
// time, so neither the input nor the output is ever one ArrayBuffer (Chromium caps one near 2 GB).

/** Bytes that can be read at any offset: an OPFS File (a Blob), a file on disk in Node, memory. */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `at` (fewer only past the end). */
  read(at: number, length: number): Promise<Uint8Array>;
}

/** Where a rewrite writes its output, in order. */
export interface ByteSink {
  write(bytes: Uint8Array): void | Promise<void>;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (at, length) => bytes.subarray(at, Math.min(bytes.length, at + length)) };
}

/** Reads slices of a Blob (an OPFS File in the browser): only the slice is ever in memory. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (at, length) => new Uint8Array(await blob.slice(at, Math.min(blob.size, at + length)).arrayBuffer()),
  };
}

/** Collects everything written (tests, and small outputs such as a skeleton model). */
export function memorySink(): ByteSink & { bytes(): Uint8Array; length: number } {
  const parts: Uint8Array[] = [];
  let length = 0;
  return {
    write(b) {
      // The writer may reuse its buffers: keep a copy.
      parts.push(b.slice());
      length += b.length;
    },
    get length() {
      return length;
    },
    bytes() {
      const out = new Uint8Array(length);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
  };
}

/**
 * A window over a source for reading protobuf headers: small reads at nearby offsets are served from one
 * window-sized buffer. Returned views stay valid (each refill allocates a new buffer). The window is
 * small (a real UNet has thousands of initializers, and each header read that misses it refills it),
 * while bulk copies go straight to the source in their own, larger chunks.
 */
export class SourceReader {
  private buf: Uint8Array = new Uint8Array(0);
  private bufAt = 0;
  /** Bytes fetched from the source so far (tests check that bulk data is skipped, not read). */
  bytesRead = 0;

  constructor(
    readonly source: ByteSource,
    readonly windowBytes: number,
  ) {
    if (!(windowBytes >= 16)) throw new RangeError(`the read window must be at least 16 bytes, got ${windowBytes}`);
  }

  get size(): number {
    return this.source.size;
  }

  /** `length` bytes at `at`; bodies larger than the window are read directly. */
  async bytes(at: number, length: number): Promise<Uint8Array> {
    if (at < 0 || at + length > this.size)
      throw new Error(`protobuf: read of ${length} bytes at ${at} runs past the end (${this.size} bytes)`);
    if (at >= this.bufAt && at + length <= this.bufAt + this.buf.length)
      return this.buf.subarray(at - this.bufAt, at - this.bufAt + length);
    if (length > this.windowBytes) {
      this.bytesRead += length;
      return this.source.read(at, length);
    }
    this.buf = await this.source.read(at, Math.min(this.windowBytes, this.size - at));
    this.bufAt = at;
    this.bytesRead += this.buf.length;
    return this.buf.subarray(0, length);
  }

  /** Up to `length` bytes at `at` (fewer at the end of the source): for reading varints. */
  async upTo(at: number, length: number): Promise<Uint8Array> {
    return this.bytes(at, Math.min(length, this.size - at));
  }
}
