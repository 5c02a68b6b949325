// The remote backend: the same Backend interface as the local one, over HTTP to a Lumen server
// (server/app.ts). The request goes out as JSON; progress, both pictures and the cloud come back as
// server-sent events on the response (a POST, so fetch and a streaming parser rather than EventSource).
// Aborting the fetch closes the connection, which cancels the run on the server.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { AbortError } from '../leaf/abort';
import type { PointCloud } from '../pipeline/point-cloud';
import type { GenerateRequest } from '../pipeline/request';
import type { Backend, GenerateHandlers } from './backend';
import { decodeCloud, decodeImage, encodeRequest, type WireEvents } from './remote-wire';

export class RemoteServerError extends Error {
  override name = 'RemoteServerError';
}

/** A failure the server described (its typed name survives, so the UI explains it as it would locally). */
function serverError(d: { name?: string; message?: string; title?: string }): Error {
  return Object.assign(new Error(d.message ?? 'The server failed without saying why.'), { name: d.name || 'RemoteServerError' });
}

export function normalizeServerUrl(url: string): string {
  const u = new URL(url.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`A server address starts with http:// or https:// (got ${u.protocol}).`);
  return u.href.replace(/\/+$/, '');
}

export function createRemoteBackend(serverUrl: string, fetchFn: typeof fetch = (...a) => fetch(...a)): Backend {
  const base = normalizeServerUrl(serverUrl);
  async function generate(request: GenerateRequest, handlers: GenerateHandlers): Promise<PointCloud> {
    const { signal } = handlers;
    let res: Response;
    try {
      res = await fetchFn(`${base}/api/generate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(encodeRequest(request)),
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw new AbortError();
      throw new RemoteServerError(`Could not reach the Lumen server at ${base} (${(e as Error).message}). Check the address, that it is running, and that it allows this page's origin (CORS).`);
    }
    if (!res.ok || !res.body) {
      const d = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
      throw serverError({ ...d, message: `The server refused the request: ${d.message ?? `HTTP ${res.status}`}` });
    }
    let cloud: PointCloud | undefined;
    let failure: Error | undefined;
    const on: { [K in keyof WireEvents]: (d: WireEvents[K]) => void } = {
      queued: (d) => handlers.onProgress({ status: 'info', stage: 'text', message: `Waiting for the server: ${d.ahead} run(s) ahead.` }),
      progress: (d) => handlers.onProgress(d),
      image: (d) => handlers.onImage(d.kind, decodeImage(d.image)),
      result: (d) => (cloud = decodeCloud(d.cloud)),
      error: (d) => (failure = serverError(d)),
    };
    const parser = createParser({
      onEvent: (m: EventSourceMessage) => {
        const handle = on[m.event as keyof WireEvents] as ((d: unknown) => void) | undefined;
        handle?.(JSON.parse(m.data));
      },
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch (e) {
      if (signal.aborted) throw new AbortError();
      throw new RemoteServerError(`The connection to the server broke during the run (${(e as Error).message}).`);
    }
    if (signal.aborted) throw new AbortError();
    if (failure) throw failure;
    if (!cloud) throw new RemoteServerError('The server closed the connection without a result.');
    return cloud;
  }
  return { name: 'remote', generate, dispose() {} };
}
