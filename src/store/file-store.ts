// The storage the downloader writes through: the part of OPFS's FileSystemSyncAccessHandle it uses, so
// the same download code runs on OPFS in a worker and on a memory store in Node unit tests.

/** A subset of FileSystemSyncAccessHandle (synchronous, positional I/O). */
export interface SyncFile {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

export interface FileStore {
  /** Opens (creating if asked) a file for exclusive synchronous access; null when absent and not created. */
  open(path: string, create: boolean): Promise<SyncFile | null>;
  /** Deletes a file; absent is fine. */
  remove(path: string): Promise<void>;
  /** Free bytes as the browser reports them, when it does. */
  available(): Promise<number | undefined>;
}

/** Files kept in memory; `capacity` makes writes past it throw a QuotaExceededError like OPFS does. */
export function createMemoryStore(capacity = Infinity): FileStore & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const used = () => [...files.values()].reduce((n, f) => n + f.length, 0);
  const quotaError = () => Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });
  function handle(path: string): SyncFile {
    const resize = (size: number) => {
      const old = files.get(path)!;
      if (size > old.length && used() + size - old.length > capacity) throw quotaError();
      const next = new Uint8Array(size);
      next.set(old.subarray(0, Math.min(size, old.length)));
      files.set(path, next);
    };
    return {
      read(buffer, { at }) {
        const data = files.get(path)!.subarray(at, at + buffer.length);
        buffer.set(data);
        return data.length;
      },
      write(buffer, { at }) {
        if (at + buffer.length > files.get(path)!.length) resize(at + buffer.length);
        files.get(path)!.set(buffer, at);
        return buffer.length;
      },
      truncate: resize,
      getSize: () => files.get(path)!.length,
      flush() {},
      close() {},
    };
  }
  return {
    files,
    async open(path, create) {
      if (!files.has(path)) {
        if (!create) return null;
        files.set(path, new Uint8Array(0));
      }
      return handle(path);
    },
    async remove(path) {
      files.delete(path);
    },
    async available() {
      return capacity === Infinity ? undefined : capacity - used();
    },
  };
}
