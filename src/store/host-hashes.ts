// Expected sizes and hashes from the host, for files the manifest gives none (the real sets: their
// hashes cannot be known when the app is written). The Hub's tree API lists a folder at a revision as
// JSON entries { type: 'file' | 'directory', path, size, oid, lfs?: { oid, size, pointerSize } }:
// for an LFS file `lfs.oid` is the content's SHA-256 and `lfs.size` its size; a file kept in git has only
// `oid`, its git blob id (see hashing.ts). Long listings continue through a `Link: <…>; rel="next"` header.
import { AbortError } from '../leaf/abort';
import { httpAdvice, networkAdvice, type FileSource } from './advice';
import { HostMetadataError } from './errors';
import type { Expected } from './hashing';
import { dirOf, requestHeaders, treeUrl, type HostSettings, type HubPath } from './hosts';

export interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize?: number };
}

/** The part of a set file this module reads and fills in (set-files.ts's SetFile is one). */
export interface HostedFile {
  /** Relative to the set's base (what the pipeline asks its AssetSource for). */
  path: string;
  bytes?: number;
  sha256?: string;
  gitSha1?: string;
  hashSource?: 'manifest' | 'host';
  /** For a file on a Hub-layout host: repository, revision and path inside it. */
  hub?: HubPath;
  source?: FileSource;
}

export interface HostLookup {
  settings: HostSettings;
  /** The base the hub paths resolve against (hosts.ts hostBase). */
  base: string;
  fetchFn?: typeof fetch;
  signal?: AbortSignal;
}

function nextLink(header: string | null): string | undefined {
  for (const part of header?.split(',') ?? []) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

function isTreeEntry(x: unknown): x is TreeEntry {
  const e = x as TreeEntry;
  return !!e && typeof e.type === 'string' && typeof e.path === 'string' && typeof e.oid === 'string' && typeof e.size === 'number';
}

class ListingError extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
    readonly advice = '',
  ) {
    super(detail);
  }
}

/** Every entry of one folder listing, following the Link pages. */
async function listFolder(url: string, source: FileSource | undefined, look: HostLookup): Promise<TreeEntry[]> {
  const fetchFn = look.fetchFn ?? fetch;
  const out: TreeEntry[] = [];
  for (let next: string | undefined = url, pages = 0; next; pages++) {
    if (pages > 100) throw new ListingError(url, 'the listing did not end after 100 pages');
    let res: Response;
    try {
      res = await fetchFn(next, { headers: requestHeaders(next, look.settings), signal: look.signal, cache: 'no-store' });
    } catch (e) {
      if (look.signal?.aborted) throw new AbortError();
      throw new ListingError(next, `the request failed: ${(e as Error).message}`, networkAdvice(source));
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      const advice =
        res.status === 404 && source?.host === 'mirror'
          ? "This mirror does not answer the Hub's file listing (api/models/{repo}/tree/{revision}/{folder}), which gives each file's size and hash; " +
            'without them nothing can be verified, so nothing is downloaded. Use a mirror that answers it, or Hugging Face.'
          : httpAdvice(res.status, source);
      throw new ListingError(next, `HTTP ${res.status}`, advice);
    }
    const page: unknown = await res.json().catch(() => undefined);
    if (!Array.isArray(page) || !page.every(isTreeEntry)) throw new ListingError(next, 'the answer was not a file listing');
    out.push(...page);
    const link = nextLink(res.headers.get('Link'));
    next = link ? new URL(link, next).href : undefined;
  }
  return out;
}

/** The expected size and hash a tree entry gives. */
export function expectedFromTree(entry: TreeEntry): Expected {
  if (entry.lfs?.oid) return { bytes: entry.lfs.size ?? entry.size, sha256: entry.lfs.oid.toLowerCase() };
  return { bytes: entry.size, gitSha1: entry.oid.toLowerCase() };
}

export interface Described<F> {
  /** Every file, in order; those in `failed` are unchanged (no hash, so never downloaded). */
  files: F[];
  failed: { path: string; error: Error }[];
}

/**
 * Fills in size and hash from the host for every hub file the manifest gives no hash, one listing per
 * folder; files that have a manifest hash are returned unchanged. A file the host cannot describe is
 * listed in `failed` (one gated repository does not stop the others); an abort rejects.
 */
export async function withHostHashes<F extends HostedFile>(files: F[], look: HostLookup): Promise<Described<F>> {
  const listings = new Map<string, Promise<TreeEntry[]>>();
  const failed: Described<F>['failed'] = [];
  const out = await Promise.all(
    files.map(async (f) => {
      try {
        return await describe(f, look, listings);
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        failed.push({ path: f.path, error: e as Error });
        return f;
      }
    }),
  );
  return { files: out, failed };
}

async function describe<F extends HostedFile>(f: F, look: HostLookup, listings: Map<string, Promise<TreeEntry[]>>): Promise<F> {
  if (f.sha256 || f.gitSha1 || !f.hub) return f;
  const { repo, revision, file } = f.hub;
  const url = treeUrl(look.base, repo, revision, dirOf(file));
  // One listing per folder, shared by its files; its failure is told once per file, naming each.
  if (!listings.has(url)) listings.set(url, listFolder(url, f.source, look));
  let listing: TreeEntry[];
  try {
    listing = await listings.get(url)!;
  } catch (e) {
    if (!(e instanceof ListingError)) throw e;
    throw new HostMetadataError(f.path, e.url, e.detail, e.advice);
  }
  const entry = listing.find((e) => e.path === file);
  if (entry?.type !== 'file') {
    throw new HostMetadataError(f.path, url, `the host lists no file "${file}" in ${repo} at revision "${revision}"`);
  }
  return { ...f, ...expectedFromTree(entry), hashSource: 'host' as const };
}
