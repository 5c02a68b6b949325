// Where a set's files are served from, apart from the ORT-backed context (web-context.ts) so the page can
// read it without pulling onnxruntime-web into the main-thread bundle.
import type { ModelSet } from '../../models/model-set';

// Workers and pages both have `location`; Node (unit tests) does not.
function pageLocation(): string {
  return (globalThis as { location?: Location }).location?.href ?? 'http://localhost/';
}

/** The set's baseUrl as an absolute URL; a relative one (the fixture set) is relative to the app's base. */
export function setBaseUrl(set: ModelSet, pageHref: string = pageLocation()): string {
  const appBase = new URL(import.meta.env?.BASE_URL ?? '/', pageHref).href;
  const url = new URL(set.baseUrl, appBase).href;
  return url.endsWith('/') ? url : `${url}/`;
}
