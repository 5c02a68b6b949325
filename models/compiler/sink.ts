// Where compiled bytes go. The interface is the part of OPFS's FileSystemSyncAccessHandle the writer
// uses (synchronous positional writes), so the compiler core runs unchanged in a browser worker on an
// OPFS handle and in Node on a file descriptor (node-sink.ts) or in memory (tests). No Node APIs here.

export interface DataSink {
  /** Writes all of `buffer` at byte `at`; returns the bytes written. */
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  /** Makes the written bytes durable (a checkpoint is reported only after this). */
  flush(): void;
}

/** A sink over a growable in-memory buffer (tests; small graphs). `bytes()` is a copy of the contents. */
export function memorySink(): DataSink & { bytes(): Uint8Array } {
  let data = new Uint8Array(0);
  let size = 0;
  const ensure = (n: number) => {
    if (n <= data.length) return;
    const next = new Uint8Array(Math.max(n, data.length * 2));
    next.set(data.subarray(0, size));
    data = next;
  };
  return {
    write(buffer, { at }) {
      ensure(at + buffer.length);
      if (at > size) data.fill(0, size, at);
      data.set(buffer, at);
      size = Math.max(size, at + buffer.length);
      return buffer.length;
    },
    truncate(n) {
      ensure(n);
      if (n > size) data.fill(0, size, n);
      size = n;
    },
    getSize: () => size,
    flush() {},
    bytes: () => data.slice(0, size),
  };
}
