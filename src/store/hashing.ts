// The content hash a file is checked against. A manifest gives SHA-256; Hugging Face's tree API gives
// SHA-256 for LFS files (`lfs.oid`) but only the git blob id (`oid`, SHA-1 over "blob <size>\0" + bytes)
// for small files kept in git itself, such as tokenizer.json. Both are real content hashes, so a file is
// complete only when one of them matches. The hasher's state is saved with each flush (hash-wasm
// save/load), so a resume never re-reads what is stored.
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';

export interface Expected {
  bytes: number;
  sha256?: string;
  /** Git blob id (SHA-1 of "blob <bytes>\0" + content), for host files without an LFS SHA-256. */
  gitSha1?: string;
}

export type HashKind = 'sha256' | 'git-sha1';

export function hashKind(e: Expected): HashKind | undefined {
  if (e.sha256) return 'sha256';
  if (e.gitSha1) return 'git-sha1';
  return undefined;
}

export function expectedDigest(e: Expected): string {
  return (e.sha256 || e.gitSha1 || '').toLowerCase();
}

export function hashLabel(kind: HashKind): string {
  return kind === 'sha256' ? 'SHA-256' : 'git blob SHA-1';
}

export interface ContentHasher {
  kind: HashKind;
  /** Back to the state before the first content byte. */
  reset(): void;
  /** Takes `bytes` over: an off-thread hasher moves its buffer to the hashing worker (no copy). */
  update(bytes: Uint8Array): void;
  /** The state after every byte given so far (hash-wasm save format). */
  save(): Promise<Uint8Array>;
  load(state: Uint8Array): void;
  /** Hex digest of everything given; reset before further use. */
  digest(): Promise<string>;
  close(): void;
}

export interface HasherOptions {
  /** Hash on another thread, so writing and hashing overlap (a worker that spawns the hashing worker). */
  offThread?: boolean;
}

/** "blob <size>\0", what git puts before a blob's bytes. */
export function gitHeader(e: Expected): Uint8Array {
  return new TextEncoder().encode(`blob ${e.bytes}\0`);
}

/** A hasher for the file's expected hash; throws when the file has none (callers check first). */
export async function createContentHasher(e: Expected, options: HasherOptions = {}): Promise<ContentHasher> {
  const kind = hashKind(e);
  if (!kind) throw new Error('no expected hash');
  const header = kind === 'git-sha1' ? gitHeader(e) : undefined;
  if (options.offThread) {
    const { offThreadHasher } = await import('./hash-offthread');
    return offThreadHasher(kind, header);
  }
  const h: IHasher = kind === 'sha256' ? await createSHA256() : await createSHA1();
  const reset = () => {
    h.init();
    if (header) h.update(header);
  };
  reset();
  return {
    kind,
    reset,
    update: (b) => void h.update(b),
    save: async () => h.save(),
    load: (s) => void h.load(s),
    digest: async () => h.digest('hex'),
    close: () => undefined,
  };
}
