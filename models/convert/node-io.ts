// ByteSource / ByteSink over files on disk (Node: tests, the bench, a future command-line converter).
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSink, ByteSource } from './byte-source';

export async function fileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const fh: FileHandle = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(at, length) {
      const n = Math.max(0, Math.min(length, size - at));
      const buf = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await fh.read(buf, done, n - done, at + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    close: () => fh.close(),
  };
}

export async function fileSink(path: string): Promise<ByteSink & { close(): Promise<void> }> {
  const fh = await open(path, 'w');
  return {
    async write(bytes) {
      let done = 0;
      while (done < bytes.length) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
    },
    close: () => fh.close(),
  };
}
