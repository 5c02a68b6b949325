// A content hasher whose hashing runs in its own worker (workers/hash.worker.ts), so that the store
// worker's writes and the hashing of the bytes just written overlap instead of taking turns: SHA-256 in
// wasm and OPFS writes each cost about as much as the network on a fast line. Chunks move to the
// hashing worker by transfer (no copy) and are hashed strictly in order; save() and digest() answer
// after every chunk sent before them.
import type { ContentHasher, HashKind } from './hashing';

type Reply = { id: number; state?: Uint8Array; hex?: string; error?: string };

export function offThreadHasher(kind: HashKind, header?: Uint8Array): ContentHasher {
  const worker = new Worker(new URL('../../workers/hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' });
  let nextId = 0;
  let failed: Error | undefined;
  const pending = new Map<number, { ok: (r: Reply) => void; fail: (e: Error) => void }>();
  worker.onmessage = (ev: MessageEvent<Reply>) => {
    const p = pending.get(ev.data.id);
    pending.delete(ev.data.id);
    if (ev.data.error) p?.fail(new Error(`hashing failed: ${ev.data.error}`));
    else p?.ok(ev.data);
  };
  worker.onerror = (ev) => {
    failed = new Error(`the hashing worker failed: ${ev.message || 'it did not load'}`);
    for (const p of pending.values()) p.fail(failed);
    pending.clear();
  };
  const ask = (op: 'save' | 'digest') =>
    new Promise<Reply>((ok, fail) => {
      if (failed) return fail(failed);
      const id = ++nextId;
      pending.set(id, { ok, fail });
      worker.postMessage({ op, id });
    });
  const reset = () => worker.postMessage({ op: 'reset', kind, header });
  reset();
  return {
    kind,
    reset,
    update(bytes) {
      // A view on part of a larger buffer is copied out; a whole buffer moves.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      worker.postMessage({ op: 'update', bytes: own }, [own.buffer as ArrayBuffer]);
    },
    save: async () => (await ask('save')).state!,
    load: (state) => worker.postMessage({ op: 'load', state }),
    digest: async () => (await ask('digest')).hex!,
    close: () => worker.terminate(),
  };
}
