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

/**
 * Writes all of `bytes` or throws a QuotaExceededError: Chromium's OPFS sync handle answers a write past
 * the origin's quota with a short count rather than an exception.
 */
export function writeFully(file: SyncFile, bytes: Uint8Array, at: number): void {
  const n = file.write(bytes, { at });
  if (n !== bytes.length) throw shortWriteError(n, bytes.length);
}

export function shortWriteError(written: number, wanted: number): Error {
  return Object.assign(new Error(`storage accepted ${written} of ${wanted} bytes`), { name: 'QuotaExceededError' });
}

export interface FileStore {
  /** Opens (creating if asked) a file for exclusive synchronous access; null when absent and not created. */
  open(path: string, create: boolean): Promise<SyncFile | null>;
  /** Deletes a file; absent is fine. */
  remove(path: string): Promise<void>;
  /** Free bytes as the browser reports them, when it does. */
  available(): Promise<number | undefined>;
}

/**
 * Files kept in memory. A write past `capacity` fails the way OPFS does: 'throw' raises a
 * QuotaExceededError (the async API), 'short' is what Chromium's sync handle was seen doing: a write
 * stores what fits and answers a short count, a truncate past the quota is silently ignored.
 * `setCapacity` plays the user freeing space.
 */
export function createMemoryStore(capacity = Infinity, overflow: 'throw' | 'short' = 'throw') {
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
        const size = files.get(path)!.length;
        let part = buffer;
        if (at + buffer.length > size) {
          const room = Math.max(0, capacity - used() + size - at);
          if (overflow === 'short' && room < buffer.length) part = buffer.subarray(0, room);
          if (at + part.length > size) resize(at + part.length);
        }
        files.get(path)!.set(part, at);
        return part.length;
      },
      truncate(size) {
        const old = files.get(path)!.length;
        if (overflow === 'short' && size > old && used() + size - old > capacity) return;
        resize(size);
      },
      getSize: () => files.get(path)!.length,
      flush() {},
      close() {},
    };
  }
  const store = {
    files,
    setCapacity(bytes: number) {
      capacity = bytes;
    },
    async open(path: string, create: boolean): Promise<SyncFile | null> {
      if (!files.has(path)) {
        if (!create) return null;
        files.set(path, new Uint8Array(0));
      }
      return handle(path);
    },
    async remove(path: string) {
      files.delete(path);
    },
    async available(): Promise<number | undefined> {
      return capacity === Infinity ? undefined : capacity - used();
    },
  };
  return store satisfies FileStore;
}
