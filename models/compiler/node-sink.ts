// DataSink over a file (Node only: the CLI and tests). Positional writes through a descriptor, fsync on
// flush so a checkpoint never claims bytes a crash could lose.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { DataSink } from './sink';

export interface FileSink extends DataSink {
  close(): void;
}

export function nodeFileSink(path: string): FileSink {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  return {
    write(buffer, { at }) {
      let done = 0;
      while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done, at + done);
      return done;
    },
    truncate: (size) => ftruncateSync(fd, size),
    getSize: () => fstatSync(fd).size,
    flush: () => fsyncSync(fd),
    close: () => closeSync(fd),
  };
}
