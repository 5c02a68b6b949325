// ByteSource / ByteSink over files on disk (Node: tests, the bench, a future command-line converter).
import { open } from 'node:fs/promises';
import type { ByteSink } from './byte-source';

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
