// A content hasher whose hashing runs in its own worker (workers/hash.worker.ts, on comlink), so that the
// store worker's writes and the hashing of the bytes just written overlap instead of taking turns: SHA-256
// in wasm and OPFS writes each cost about as much as the network on a fast line. Chunks move to the
// hashing worker by transfer (no copy) and are hashed strictly in order; save() and digest() answer
// after every chunk sent before them.
import * as Comlink from 'comlink';
import type { HashApi } from '../../workers/hash.worker';
import type { ContentHasher, HashKind } from './hashing';

export function offThreadHasher(kind: HashKind, header?: Uint8Array): ContentHasher {
  const worker = new Worker(new URL('../../workers/hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' });
  const remote = Comlink.wrap<HashApi>(worker);
  // The first failure (of the worker, or of a call nobody awaits) is what save() and digest() report.
  let failed: Error | undefined;
  let fail: (e: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (fail = reject));
  failure.catch(() => undefined);
  const record = (e: unknown) => {
    failed ??= new Error(`hashing failed: ${(e as Error).message}`);
    fail(failed);
  };
  worker.addEventListener('error', (ev) => record(new Error(`the hashing worker failed: ${ev.message || 'it did not load'}`)));
  const ask = <T>(p: Promise<T>): Promise<T> => (failed ? Promise.reject(failed) : Promise.race([p, failure]));
  const reset = () => void remote.reset(kind, header).catch(record);
  reset();
  return {
    kind,
    reset,
    update(bytes) {
      // A view on part of a larger buffer is copied out; a whole buffer moves.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      void remote.update(Comlink.transfer(own, [own.buffer as ArrayBuffer])).catch(record);
    },
    save: () => ask(remote.save()),
    load: (state) => void remote.load(state).catch(record),
    digest: () => ask(remote.digest()),
    close: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
