// Which files a model set stores, where each comes from, and what state the store holds it in. The
// fixture set is served by the app itself and ships manifest.json (sizes and SHA-256s); a real set's
// files are Hub paths (`{owner}/{repo}/resolve/{revision}/{file}`) over the host the user chose, with
// sizes and hashes from the host's listing when the declaration has none (host-hashes.ts).
import type { ModelSet } from '../../models/model-set';
import type { FileSource } from './advice';
import type { HostedFile } from './host-hashes';
import { hostBase, parseHubPath, requestHeaders, type HostSettings } from './hosts';
import type { StoreEntry } from './download';
import type { StoredStatus } from './stored-file';

export interface SetFile extends HostedFile {
  /** Where it lives in the store: `<setId>/<path>` (web-context reads it back from there). */
  storePath: string;
  url: string;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export type FileState =
  | { kind: 'missing'; bytesDone: 0 }
  | { kind: 'partial'; bytesDone: number }
  | { kind: 'complete'; bytesDone: number }
  /** A stored copy of another version (the host's file changed): fetched again from zero. */
  | { kind: 'stale'; bytesDone: 0 }
  | { kind: 'error'; bytesDone: number; message: string };

export const storePathOf = (setId: string, path: string) => `${setId}/${path}`;

/** The files of a set the store downloads; a real set's non-Hub paths are built on the device instead. */
export function setFiles(set: ModelSet, baseUrl: string, manifest?: ManifestFile[], host?: HostSettings): SetFile[] {
  const refs = manifest ?? [...Object.values(set.graphs), set.tokenizers.clip1, set.tokenizers.clip2];
  const out: SetFile[] = [];
  for (const r of refs) {
    const hub = set.kind === 'real' ? parseHubPath(r.path) : null;
    if (set.kind === 'real' && !hub) continue;
    const url = new URL(r.path, baseUrl).href;
    const source: FileSource = hub
      ? { host: host?.kind ?? 'huggingface', base: baseUrl, repo: hub.repo, revision: hub.revision, file: hub.file }
      : { host: 'app' };
    out.push({
      path: r.path,
      storePath: storePathOf(set.id, r.path),
      url,
      bytes: r.bytes,
      sha256: r.sha256,
      hashSource: r.sha256 ? 'manifest' : undefined,
      ...(hub ? { hub } : {}),
      source,
    });
  }
  return out;
}

/** Paths of a real set that are not downloaded (compiled on this device). */
export function builtOnDevice(set: ModelSet): string[] {
  if (set.kind !== 'real') return [];
  return Object.values(set.graphs)
    .map((g) => g.path)
    .filter((p) => !parseHubPath(p));
}

/** The fixture set's manifest.json beside its graphs; a real set's declaration over the chosen host. */
export async function loadSetFiles(
  set: ModelSet,
  appBaseUrl: string,
  host?: HostSettings,
  fetchFn: typeof fetch = fetch,
): Promise<SetFile[]> {
  if (set.kind !== 'fixture') return setFiles(set, host ? hostBase(host) : appBaseUrl, undefined, host);
  const res = await fetchFn(new URL('manifest.json', appBaseUrl).href, { cache: 'no-store' });
  if (!res.ok) throw new Error(`Could not read the manifest of "${set.label}": HTTP ${res.status}.`);
  return setFiles(set, appBaseUrl, ((await res.json()) as { files: ManifestFile[] }).files);
}

/** The download entry for a file whose size and hash are known; the token only for huggingface.co. */
export function entryOf(f: SetFile, host?: HostSettings): StoreEntry {
  const headers = host ? requestHeaders(f.url, host) : {};
  const tokenSent = 'Authorization' in headers;
  return {
    path: f.storePath,
    url: f.url,
    bytes: f.bytes!,
    sha256: f.sha256,
    gitSha1: f.gitSha1,
    hashSource: f.hashSource,
    ...(tokenSent ? { headers } : {}),
    source: f.source ? { ...f.source, tokenSent } : undefined,
  };
}

/** Whether a stored record was checked against what `f` expects now (unknown expectations match anything). */
export function storedMatches(st: StoredStatus, f?: SetFile): boolean {
  if (!f || (!f.sha256 && !f.gitSha1)) return true;
  const same = (a?: string, b?: string) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
  return st.bytesTotal === f.bytes && same(st.expectedSha256, f.sha256) && same(st.expectedGitSha1, f.gitSha1);
}

/** A stored copy that no longer matches what the set expects counts as partial: the installer refetches it. */
export function toFileState(st: StoredStatus | null, f?: SetFile): FileState {
  if (!st) return { kind: 'missing', bytesDone: 0 };
  if (!storedMatches(st, f)) return { kind: 'stale', bytesDone: 0 };
  if (st.complete) return { kind: 'complete', bytesDone: st.bytesDone };
  return st.bytesDone > 0 ? { kind: 'partial', bytesDone: st.bytesDone } : { kind: 'missing', bytesDone: 0 };
}

/** The store's client as far as status goes (set-install's StoreClient is one). */
export interface StatusClient {
  status(path: string): Promise<StoredStatus | null>;
}

export async function setStatus(files: SetFile[], client: StatusClient): Promise<Record<string, FileState>> {
  const states = await Promise.all(files.map(async (f) => [f.storePath, toFileState(await client.status(f.storePath), f)] as const));
  return Object.fromEntries(states);
}
