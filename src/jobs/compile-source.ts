// Where a compile reads its checkpoint: a Hugging Face-layout host (huggingface.co, or the mirror the
// user set for the model store), `{repo}/resolve/{commit}/{file}`. A set names a branch; the compile
// first asks the host which commit that branch is at (`api/models/{repo}/revision/{branch}`, the Hub's
// model-info call) and reads that commit only, so a resume after a reload never splices tensors of two
// revisions. A host without that API (a plain static mirror) is read at the branch, and the UI says so.
import type { HubCheckpoint } from '../../models/model-set';

export interface HubSource extends HubCheckpoint {
  /** The host's base URL, ending in '/'. */
  base: string;
  /** Request headers (the page adds an access token only for huggingface.co). */
  headers?: Record<string, string>;
}

export interface ResolvedSource {
  /** Base URL of the checkpoint's files: `${base}${repo}/resolve/${commit or revision}/`. */
  location: string;
  /** The commit read, when the host named it. */
  commit?: string;
  /** Why the revision could not be pinned to a commit (the files are then read at the branch). */
  unpinned?: string;
}

const COMMIT = /^[0-9a-f]{40}$/;

export async function resolveHubSource(src: HubSource, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<ResolvedSource> {
  const at = (rev: string) => new URL(`${src.repo}/resolve/${encodeURIComponent(rev)}/`, src.base).href;
  if (COMMIT.test(src.revision)) return { location: at(src.revision), commit: src.revision };
  const url = new URL(`api/models/${src.repo}/revision/${encodeURIComponent(src.revision)}`, src.base).href;
  let why: string;
  try {
    const res = await fetchFn(url, { headers: src.headers, signal, cache: 'no-store' });
    const sha = res.ok ? ((await res.json().catch(() => ({}))) as { sha?: unknown }).sha : undefined;
    if (typeof sha === 'string' && COMMIT.test(sha)) return { location: at(sha), commit: sha };
    why = res.ok ? `${url} did not name a commit` : `${url} answered HTTP ${res.status}`;
  } catch (e) {
    if (signal?.aborted) throw e;
    why = `${url} could not be read (${(e as Error).message})`;
  }
  return { location: at(src.revision), unpinned: `${why}; reading "${src.revision}" as it is now` };
}
