// What to do when a host refuses a file: the sentence added to an HTTP or network error. It depends on who
// answered (huggingface.co, a mirror, or the app's own origin) and whether a token was sent, so the
// downloader carries a FileSource with each entry instead of guessing from the URL.
import { HF_BASE, repoPage } from './hosts';

export interface FileSource {
  host: 'huggingface' | 'mirror' | 'app';
  /** The base the file's path was resolved against (for a mirror's messages). */
  base?: string;
  repo?: string;
  revision?: string;
  /** Path inside the repository. */
  file?: string;
  /** Whether an access token went with the request (only ever true for huggingface.co). */
  tokenSent?: boolean;
}

const TOKEN_PAGE = `${HF_BASE}settings/tokens`;

function hfAdvice(status: number, src: FileSource): string {
  const repo = src.repo ?? 'the repository';
  const page = src.repo ? repoPage(src.repo) : HF_BASE;
  if (status === 401) {
    return src.tokenSent
      ? `Hugging Face did not accept the access token: check it at ${TOKEN_PAGE} (it needs read access), then set it again under Host in this panel.`
      : `${repo} is gated: sign in on ${page}, accept its terms, create a read token at ${TOKEN_PAGE} and paste it under Host in this panel.`;
  }
  if (status === 403) {
    return (
      `Your Hugging Face account has no access to ${repo} yet: accept its terms on ${page} with the account the token belongs to ` +
      '(some repositories approve requests by hand), and make sure the token may read gated repositories.'
    );
  }
  if (status === 404) {
    return (
      `Hugging Face has no such file in ${repo} at revision "${src.revision ?? '?'}"` +
      `${src.tokenSent ? '' : ' (a gated or private repository also answers 404 without a token)'}; it may have been moved or renamed.`
    );
  }
  if (status === 429) return 'Hugging Face is rate-limiting this address; wait a few minutes and resume.';
  if (status >= 500) return 'Hugging Face had a server error; resume later.';
  return '';
}

function mirrorAdvice(status: number, src: FileSource): string {
  const where = src.base ? `the mirror at ${src.base}` : 'the mirror';
  if (status === 401 || status === 403) {
    return `${where} refused it. Access tokens are only ever sent to huggingface.co, never to a mirror: check the mirror's own access rules, or switch Host back to Hugging Face.`;
  }
  if (status === 404) {
    return (
      `${where} does not have it: check the mirror's address and that it holds ${src.repo ?? 'the repository'} at revision "${src.revision ?? '?'}" ` +
      'in the Hugging Face layout ({owner}/{repo}/resolve/{revision}/{file}).'
    );
  }
  if (status >= 500) return `${where} had a server error; resume later.`;
  return '';
}

/** Advice for an HTTP status from the host, or '' when there is nothing more useful to say. */
export function httpAdvice(status: number, src: FileSource | undefined): string {
  if (!src || src.host === 'app') return status >= 500 ? 'Server error; resume later.' : '';
  return src.host === 'huggingface' ? hfAdvice(status, src) : mirrorAdvice(status, src);
}

/**
 * Advice for a request that failed before any answer: fetch's TypeError covers being offline, DNS, a
 * refused connection and an answer the browser blocked for CORS; the page cannot tell which.
 */
export function networkAdvice(src: FileSource | undefined): string {
  if (!src || src.host === 'app') return 'Check your connection and resume.';
  if (src.host === 'huggingface') {
    return (
      'The browser could not reach huggingface.co (offline, blocked by a firewall or extension, or the answer was refused by CORS). ' +
      'Check your connection, or set a mirror under Host, or import the files from disk.'
    );
  }
  return (
    `The browser could not reach ${src.base ? `the mirror at ${src.base}` : 'the mirror'}: check its address and that it is up, ` +
    'and that it allows cross-origin requests (Access-Control-Allow-Origin, and the Range and If-Range request headers).'
  );
}
