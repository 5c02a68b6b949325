// A stored file as a Uint8Array that reads on demand, for onnxruntime-web's `externalData` option.
//
// Why this shape: ORT web copies every external data file it is given into one buffer before the
// session is created (a Blob through blob.arrayBuffer(), a URL through fetch), except a Uint8Array,
// which it keeps as is. Its wasm code then asks that object for each initializer, one at a time, with
// `file.byteLength` and `file.subarray(offset, offset + length)`, and copies the answer at once into
// wasm memory (CPU) or a GPU buffer (WebGPU). So a Uint8Array subclass whose `subarray` reads just that
// slice from OPFS, into one reused scratch buffer, lets a multi-gigabyte graph reach ORT with at most
// one initializer in the JS heap at a time. This leans on how ORT 1.30's glue reads mounted files; the
// browser e2e spec and `npm run bench` load real sessions through it, so an ORT upgrade that changes
// it fails loudly there.

/** Reads `into.length` bytes at `at`; returns how many it read. Synchronous: ORT's callback is. */
type SyncRead = (into: Uint8Array, at: number) => number;

export class FileBytes extends Uint8Array {
  readonly #size: number;
  readonly #read: SyncRead;
  readonly #close: () => void;
  #scratch = new Uint8Array(0);
  /** Bytes handed out so far, and the largest single read (the bench reports them). */
  bytesRead = 0;
  largestRead = 0;

  // Derived arrays (slice, map) are plain Uint8Arrays: this constructor's arguments mean something else.
  static get [Symbol.species]() {
    return Uint8Array;
  }

  constructor(size: number, read: SyncRead, close: () => void = () => undefined) {
    super(0);
    this.#size = size;
    this.#read = read;
    this.#close = close;
  }

  override get byteLength(): number {
    return this.#size;
  }

  override get length(): number {
    return this.#size;
  }

  /** The bytes [begin, end) of the file, valid until the next call (the caller copies them at once). */
  override subarray(begin = 0, end = this.#size): Uint8Array<ArrayBuffer> {
    const from = Math.max(0, Math.min(this.#size, begin < 0 ? this.#size + begin : begin));
    const to = Math.max(from, Math.min(this.#size, end < 0 ? this.#size + end : end));
    const n = to - from;
    if (this.#scratch.length < n) this.#scratch = new Uint8Array(n);
    const view = this.#scratch.subarray(0, n);
    const got = this.#read(view, from);
    if (got !== n) throw new Error(`short read from a stored model file: wanted ${n} bytes at ${from}, got ${got}`);
    this.bytesRead += n;
    this.largestRead = Math.max(this.largestRead, n);
    return view as Uint8Array<ArrayBuffer>;
  }

  /** Lets go of the file (its read handle) and the scratch buffer. */
  close(): void {
    this.#scratch = new Uint8Array(0);
    this.#close();
  }
}

type ReadOnlyHandle = {
  read(buffer: Uint8Array, options: { at: number }): number;
  getSize(): number;
  close(): void;
};

/**
 * The file behind `handle` as FileBytes. In a dedicated worker it reads through a read-only sync access
 * handle (several readers may share one file) or, where that is refused (an older browser, or the
 * store worker is writing it), through FileReaderSync on the File. Elsewhere (the page) there is no
 * synchronous read, and the File itself is returned for ORT to read whole.
 */
export async function openFileBytes(handle: FileSystemFileHandle, file?: File): Promise<FileBytes | Blob> {
  const f = file ?? (await handle.getFile());
  const withSync = handle as FileSystemFileHandle & { createSyncAccessHandle?: (o?: { mode: string }) => Promise<ReadOnlyHandle> };
  if (withSync.createSyncAccessHandle) {
    try {
      const h = await withSync.createSyncAccessHandle({ mode: 'read-only' });
      return new FileBytes(
        h.getSize(),
        (into, at) => h.read(into, { at }),
        () => h.close(),
      );
    } catch {
      // fall through to FileReaderSync
    }
  }
  const Reader = (globalThis as { FileReaderSync?: new () => { readAsArrayBuffer(b: Blob): ArrayBuffer } }).FileReaderSync;
  if (!Reader) return f;
  const reader = new Reader();
  return new FileBytes(f.size, (into, at) => {
    const bytes = new Uint8Array(reader.readAsArrayBuffer(f.slice(at, at + into.length)));
    into.set(bytes);
    return bytes.length;
  });
}
