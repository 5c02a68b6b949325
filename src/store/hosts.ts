// Where a real set's files come from. A real set declares each file as a Hugging Face path,
// `{owner}/{repo}/resolve/{revision}/{file}`; its URL is that path over a base the user chooses:
// huggingface.co (the default), or a mirror / self-host that keeps the same layout (e.g. hf-mirror.com,
// or a static server with the files under those paths). The access token for gated repositories goes to
// huggingface.co and nowhere else: a mirror never sees it. (fetch itself drops Authorization when
// huggingface.co redirects to its CDN on another origin.)

export const HF_BASE = 'https://huggingface.co/';
const HF_ORIGIN = new URL(HF_BASE).origin;

export type HostKind = 'huggingface' | 'mirror';

export interface HostSettings {
  kind: HostKind;
  /** The mirror's base URL (used when kind is 'mirror'). */
  mirrorUrl: string;
  /** A Hugging Face access token (hf_…), sent only to huggingface.co. */
  token: string;
}

export const DEFAULT_HOST: HostSettings = { kind: 'huggingface', mirrorUrl: '', token: '' };

/** A mirror address that cannot be used, in words. */
export class HostSettingsError extends Error {
  override name = 'HostSettingsError';
}

/** An absolute http(s) URL ending in '/', or a HostSettingsError saying what is wrong with the text. */
export function normalizeMirrorUrl(text: string): string {
  const t = text.trim();
  if (!t) throw new HostSettingsError("Enter the mirror's address, e.g. https://hf-mirror.com/");
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new HostSettingsError(`"${t}" is not a web address; enter one like https://hf-mirror.com/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new HostSettingsError(`The mirror must be an http(s) address, not ${url.protocol}`);
  if (url.search || url.hash) throw new HostSettingsError('The mirror address must not have a query (?…) or fragment (#…).');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The base every hub path is resolved against. */
export function hostBase(s: HostSettings): string {
  return s.kind === 'mirror' ? normalizeMirrorUrl(s.mirrorUrl) : HF_BASE;
}

export function isHuggingFace(url: string): boolean {
  try {
    return new URL(url).origin === HF_ORIGIN;
  } catch {
    return false;
  }
}

/** The headers a request to `url` carries: the token only when `url` is on huggingface.co. */
export function requestHeaders(url: string, s: HostSettings): Record<string, string> {
  const token = s.token.trim();
  return token && isHuggingFace(url) ? { Authorization: `Bearer ${token}` } : {};
}

export interface HubPath {
  /** `owner/name` */
  repo: string;
  revision: string;
  /** Path inside the repository, e.g. `onnx/model.onnx`. */
  file: string;
}

const HUB_PATH = /^([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/;

/** `{owner}/{repo}/resolve/{revision}/{file}` → its parts; null for any other path. */
export function parseHubPath(path: string): HubPath | null {
  const m = HUB_PATH.exec(path);
  return m ? { repo: m[1], revision: decodeURIComponent(m[2]), file: m[3] } : null;
}

export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/**
 * The Hub's tree listing of one folder at one revision: `GET /api/models/{repo}/tree/{revision}/{dir}`,
 * revision and folder each one escaped segment (as huggingface_hub's list_repo_tree sends them).
 */
export function treeUrl(base: string, repo: string, revision: string, dir: string): string {
  const tail = dir ? `/${encodeURIComponent(dir)}` : '';
  return new URL(`api/models/${repo}/tree/${encodeURIComponent(revision)}${tail}`, base).href;
}

/** The repository's page (where a gated repository's terms are accepted). */
export function repoPage(repo: string): string {
  return `${HF_BASE}${repo}`;
}

const PREFS_KEY = 'lumen.host';

type Prefs = Pick<Storage, 'getItem' | 'setItem'>;

/** The saved settings, or the default when none (or unreadable ones) are saved. */
export function loadHostSettings(prefs?: Prefs): HostSettings {
  try {
    const saved = JSON.parse(prefs?.getItem(PREFS_KEY) ?? 'null') as Partial<HostSettings> | null;
    if (!saved) return { ...DEFAULT_HOST };
    return {
      kind: saved.kind === 'mirror' ? 'mirror' : 'huggingface',
      mirrorUrl: typeof saved.mirrorUrl === 'string' ? saved.mirrorUrl : '',
      token: typeof saved.token === 'string' ? saved.token : '',
    };
  } catch {
    return { ...DEFAULT_HOST };
  }
}

export function saveHostSettings(prefs: Prefs | undefined, s: HostSettings): void {
  prefs?.setItem(PREFS_KEY, JSON.stringify(s));
}
