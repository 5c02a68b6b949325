// Hashing worker for src/store/hash-offthread.ts: one incremental SHA-256 or SHA-1 (hash-wasm), fed in
// order. Calls run one after another on a promise chain, because creating the hasher is asynchronous and
// nothing may be hashed before it exists.
import * as Comlink from 'comlink';
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import type { HashKind } from '../src/store/hashing';

let hasher: IHasher | undefined;
let made: HashKind | undefined;
let chain: Promise<unknown> = Promise.resolve();

function inOrder<T>(fn: () => T | Promise<T>): Promise<T> {
  const run = chain.then(fn);
  chain = run.catch(() => undefined);
  return run;
}

const current = () => {
  if (!hasher) throw new Error('the hasher was not reset before use');
  return hasher;
};

const api = {
  reset: (kind: HashKind, header?: Uint8Array) =>
    inOrder(async () => {
      if (!hasher || made !== kind) hasher = kind === 'sha256' ? await createSHA256() : await createSHA1();
      made = kind;
      hasher.init();
      if (header) hasher.update(header);
    }),
  update: (bytes: Uint8Array) => inOrder(() => void current().update(bytes)),
  load: (state: Uint8Array) => inOrder(() => void current().load(state)),
  save: () => inOrder(() => current().save()),
  digest: () => inOrder(() => current().digest('hex')),
};

export type HashApi = typeof api;

Comlink.expose(api);
