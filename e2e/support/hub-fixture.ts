// Repositories the test server serves in the Hugging Face layout: `{repo}/resolve/{revision}/{file}` for
// bytes, and `api/models/{repo}/tree/{revision}/{dir}` for the listing with sizes and hashes, shaped as
// the Hub answers it (huggingface_hub's list_repo_tree reads: type, path, size, oid, and for LFS files
// lfs { oid = SHA-256 of the content, size, pointerSize }; a file kept in git has only oid, its git blob
// id). A test can change a file in place (new bytes, same name and revision) to play a host that moved.
import { createHash } from 'node:crypto';
import { GRAPH_KEYS } from '../../models/model-set';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { parseHubPath } from '../../src/store/hosts';

export interface HubFile {
  bytes: Buffer;
  /** Stored with Git LFS on the Hub (then the listing gives its SHA-256). */
  lfs: boolean;
}

export interface TreeEntry {
  type: 'file' | 'directory';
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** `git hash-object`: SHA-1 over "blob <size>\0" + content. */
export function gitBlobSha1(b: Uint8Array): string {
  return createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
}

function lfsPointer(b: Uint8Array): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256Hex(b)}\nsize ${b.length}\n`;
}

function fileEntry(path: string, f: HubFile): TreeEntry {
  if (!f.lfs) return { type: 'file', path, size: f.bytes.length, oid: gitBlobSha1(f.bytes) };
  const pointer = Buffer.from(lfsPointer(f.bytes));
  return {
    type: 'file',
    path,
    size: f.bytes.length,
    oid: gitBlobSha1(pointer),
    lfs: { oid: sha256Hex(f.bytes), size: f.bytes.length, pointerSize: pointer.length },
  };
}

export class HubRepos {
  private readonly repos = new Map<string, Map<string, HubFile>>();

  add(repo: string, revision: string, file: string, bytes: Buffer, lfs = !file.endsWith('.json')): void {
    const key = `${repo}@${revision}`;
    if (!this.repos.has(key)) this.repos.set(key, new Map());
    this.repos.get(key)!.set(file, { bytes, lfs });
  }

  get(repo: string, revision: string, file: string): HubFile | undefined {
    return this.repos.get(`${repo}@${revision}`)?.get(file);
  }

  has(repo: string, revision: string): boolean {
    return this.repos.has(`${repo}@${revision}`);
  }

  /** A new version of a file under the same name: same size, every 997th byte changed. Returns it. */
  change(repo: string, revision: string, file: string): Buffer {
    const f = this.get(repo, revision, file);
    if (!f) throw new Error(`no ${repo}@${revision}:${file}`);
    const next = Buffer.from(f.bytes);
    for (let i = 0; i < next.length; i += 997) next[i] ^= 0x5a;
    f.bytes = next;
    return next;
  }

  /** One folder's entries (files and sub-folders, not recursive), or undefined for an unknown repo/revision. */
  list(repo: string, revision: string, dir: string): TreeEntry[] | undefined {
    const files = this.repos.get(`${repo}@${revision}`);
    if (!files) return undefined;
    const prefix = dir ? `${dir}/` : '';
    const out: TreeEntry[] = [];
    const dirs = new Set<string>();
    for (const [path, f] of files) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) out.push(fileEntry(path, f));
      else dirs.add(prefix + rest.slice(0, slash));
    }
    for (const d of dirs) out.unshift({ type: 'directory', path: d, size: 0, oid: createHash('sha1').update(d).digest('hex') });
    return out;
  }
}

/**
 * Stand-ins for the real set's Hub files: for each graph or tokenizer the real set downloads, the fixture
 * file of the same role under the real name and revision. The real set's URL templates, listings and
 * install then run against this server. They test the download machinery only: the bytes are not the
 * real graphs.
 */
export function realSetStandIns(): { repo: string; revision: string; file: string; fixture: string }[] {
  const pairs: [string, string][] = [
    ...GRAPH_KEYS.map((k): [string, string] => [REAL_SET.graphs[k].path, FIXTURE_SET.graphs[k].path]),
    [REAL_SET.tokenizers.clip1.path, FIXTURE_SET.tokenizers.clip1.path],
    [REAL_SET.tokenizers.clip2.path, FIXTURE_SET.tokenizers.clip2.path],
  ];
  return pairs.flatMap(([real, fixture]) => {
    const hub = parseHubPath(real);
    return hub ? [{ ...hub, fixture }] : [];
  });
}
