// Hashing worker for src/store/hash-offthread.ts: one incremental SHA-256 or SHA-1 (hash-wasm), fed in
// order. Messages are handled one after another on a promise chain, because creating the hasher is
// asynchronous and nothing may be hashed before it exists.
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';

type Message =
  | { op: 'reset'; kind: 'sha256' | 'git-sha1'; header?: Uint8Array }
  | { op: 'update'; bytes: Uint8Array }
  | { op: 'load'; state: Uint8Array }
  | { op: 'save' | 'digest'; id: number };

let hasher: IHasher | undefined;
let made: 'sha256' | 'git-sha1' | undefined;
let chain = Promise.resolve();

async function handle(m: Message): Promise<void> {
  if (m.op === 'reset') {
    if (!hasher || made !== m.kind) hasher = m.kind === 'sha256' ? await createSHA256() : await createSHA1();
    made = m.kind;
    hasher.init();
    if (m.header) hasher.update(m.header);
  } else if (m.op === 'update') hasher!.update(m.bytes);
  else if (m.op === 'load') hasher!.load(m.state);
  else if (m.op === 'save') postMessage({ id: m.id, state: hasher!.save() });
  else postMessage({ id: m.id, hex: hasher!.digest('hex') });
}

onmessage = (ev: MessageEvent<Message>) => {
  const m = ev.data;
  chain = chain.then(() => handle(m)).catch((e: unknown) => {
    if ('id' in m) postMessage({ id: m.id, error: (e as Error).message });
  });
};
