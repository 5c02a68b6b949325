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
