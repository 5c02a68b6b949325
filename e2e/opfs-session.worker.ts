// Writes graphs into the model store's OPFS folder (with complete metas, as a download leaves them) and
// creates onnxruntime-web sessions from them the way the stage workers do (storedGraphSource), so the
// spec and the bench exercise the real path: skeleton, FileBytes mounts, ORT's externalData option.
import * as Comlink from 'comlink';
import { createSHA256 } from 'hash-wasm';
import { readFloats } from '../src/leaf/float16';
import type { ExecutionProvider } from '../src/runtime/graph';
import { FileBytes } from '../src/runtime/opfs-file-bytes';
import { createWebRuntime } from '../src/runtime/ort-web';
import { completeStoredFile, opfsRoot } from '../src/runtime/stored-files';
import { SELF_LOCATION, storedGraphSource } from '../src/runtime/stored-graph';
import type { HostTensor } from '../src/leaf/tensor';
import { createOpfsStore } from '../src/store/opfs-store';
import { MetaFile, metaPath } from '../src/store/meta';

const store = createOpfsStore();

/** Writes a file `fill(at, chunk)` describes, chunk by chunk, then its meta (complete, SHA-256). */
async function write(path: string, size: number, fill: (chunk: Uint8Array, at: number) => void): Promise<string> {
  const data = (await store.open(path, true))!;
  const hasher = await createSHA256();
  hasher.init();
  try {
    data.truncate(0);
    const chunk = new Uint8Array(Math.min(size, 16 << 20));
    for (let at = 0; at < size; at += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, size - at));
      fill(part, at);
      data.write(part, { at });
      hasher.update(part);
    }
    data.flush();
  } finally {
    data.close();
  }
  const sha256 = hasher.digest('hex');
  const meta = new MetaFile((await store.open(metaPath(path), true))!);
  meta.write({ url: 'harness:', bytesDone: size, hashState: '', expectedBytes: size, expectedSha256: sha256, complete: true });
  meta.close();
  return sha256;
}

let runtime: ReturnType<typeof createWebRuntime> | undefined;

const api = {
  put: (path: string, bytes: Uint8Array) => write(path, bytes.length, (c, at) => c.set(bytes.subarray(at, at + c.length))),
  /** A large file of float32 values v(i) = ((i * 7919) % 1000) / 1000 at element i, written in 16 MiB chunks. */
  putPattern: (path: string, size: number) =>
    write(path, size, (c, at) => {
      const f = new Float32Array(c.buffer, c.byteOffset, c.length / 4);
      const first = at / 4;
      for (let i = 0; i < f.length; i++) f[i] = (((first + i) * 7919) % 1000) / 1000;
    }),
  /**
   * Creates a session from a stored graph and runs it once. `wholeFiles` hands ORT each external data
   * file as its File instead of FileBytes (ORT then reads it whole: the bench's comparison). Without
   * `feeds` the session is only created (real-size graphs: a run would take minutes here).
   */
  async session(
    path: string,
    provider: ExecutionProvider,
    feeds?: Record<string, HostTensor>,
    options: { threshold?: number; wholeFiles?: boolean } = {},
  ) {
    runtime ??= createWebRuntime({ threads: 1 });
    const root = await opfsRoot();
    const t0 = performance.now();
    const source = await storedGraphSource(root!, path, options);
    if (!source) throw new Error(`${path} is not stored complete`);
    if (options.wholeFiles) {
      source.release?.();
      const dir = path.slice(0, path.lastIndexOf('/') + 1);
      for (const f of source.externalData ?? []) {
        const stored = await completeStoredFile(root!, f.path === SELF_LOCATION ? path : dir + f.path);
        f.data = stored!.file;
      }
    }
    const mounted = (source.externalData ?? []).map((f) => ({
      path: f.path,
      kind: f.data instanceof FileBytes ? 'FileBytes' : f.data.constructor.name,
      file: f.data,
    }));
    const session = await runtime.createSessionFrom(path, source, { providers: [provider] });
    const createMs = performance.now() - t0;
    source.release?.();
    const mountedReads = () =>
      mounted.map((m) => ({
        path: m.path,
        kind: m.kind,
        bytesRead: m.file instanceof FileBytes ? m.file.bytesRead : 0,
        largestRead: m.file instanceof FileBytes ? m.file.largestRead : 0,
      }));
    try {
      const base = { provider: session.provider, createMs, modelBytes: (source.model as Uint8Array).length };
      if (!feeds) return { ...base, mounted: mountedReads(), outputs: {} as Record<string, number[]> };
      const out = await session.run(feeds);
      const outputs: Record<string, number[]> = {};
      for (const [name, t] of Object.entries(out)) outputs[name] = Array.from(readFloats(t));
      return { ...base, mounted: mountedReads(), outputs };
    } finally {
      await session.release();
    }
  },
  /** The store's record of a file, when it holds it complete (size and SHA-256 as readers check them). */
  async stored(path: string) {
    const f = await completeStoredFile((await opfsRoot())!, path);
    return f && { size: f.file.size, meta: f.meta };
  },
  async clear() {
    await (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined);
  },
};

export type OpfsSessionApi = typeof api;
Comlink.expose(api);
