// The remote backend: the same Backend interface as the local one, over HTTP to a Lumen server
// (server/). A run is a job by id: POST /api/jobs, then its server-sent events (read with fetch and a
// streaming parser, so the API key travels as a header), the pictures and the cloud fetched as binary
// when their events say they exist. A dropped connection is resumed with Last-Event-ID (any API process
// of a scaled server can answer); leaving the stream does not cancel the job, Cancel sends DELETE.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { AbortError } from '../leaf/abort';
import type { PointCloud } from '../pipeline/point-cloud';
import type { GenerateRequest } from '../pipeline/request';
import type { Backend, GenerateHandlers } from './backend';
import { FINAL_EVENTS, decodeCloudBinary, decodeRgbaBinary, encodeRequest, type JobEventName, type JobEvents } from './remote-wire';

export class RemoteServerError extends Error {
  override name = 'RemoteServerError';
}

/** A failure the server described (its typed name survives, so the UI explains it as it would locally). */
function serverError(d: { name?: string; message?: string; title?: string }): Error {
  return Object.assign(new Error(d.message ?? 'The server failed without saying why.'), { name: d.name || 'RemoteServerError' });
}

export function normalizeServerUrl(url: string): string {
  const u = new URL(url.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TypeError(`A server address starts with http:// or https:// (got ${u.protocol}).`);
  return u.href.replace(/\/+$/, '');
}

/**
 * The address to call and the API key, if the address carries one (`https://:KEY@host`): fetch refuses
 * URLs with credentials, so the key is taken out and sent as a header instead.
 */
export function splitServerUrl(url: string): { base: string; apiKey?: string } {
  const u = new URL(normalizeServerUrl(url));
  const apiKey = decodeURIComponent(u.password || u.username) || undefined;
  u.username = '';
  u.password = '';
  return { base: u.href.replace(/\/+$/, ''), apiKey };
}

export interface RemoteOptions {
  apiKey?: string;
  fetchFn?: typeof fetch;
  /** Reconnects in a row without hearing an event before the run is given up. */
  reconnects?: number;
  /** First pause before reconnecting; doubles each time, up to 4 s. */
  retryDelayMs?: number;
}

export function createRemoteBackend(serverUrl: string, options: RemoteOptions = {}): Backend {
  const { base, apiKey: urlKey } = splitServerUrl(serverUrl);
  const apiKey = options.apiKey ?? urlKey;
  const fetchFn = options.fetchFn ?? ((...a) => fetch(...a));
  const headers: Record<string, string> = apiKey ? { 'X-API-Key': apiKey } : {};
  const unreachable = (e: unknown) =>
    new RemoteServerError(
      `Could not reach the Lumen server at ${base} (${(e as Error).message}). Check the address, that it is running, and that it allows this page's origin (CORS).`,
    );

  async function refused(res: Response): Promise<Error> {
    const d = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
    const wait = res.headers.get('retry-after');
    return serverError({
      ...d,
      message: `The server refused the request: ${d.message ?? `HTTP ${res.status}`}${wait ? ` (retry after ${wait} s)` : ''}`,
    });
  }

  async function bytes(path: string, signal: AbortSignal): Promise<Uint8Array> {
    const res = await fetchFn(`${base}${path}`, { headers, signal });
    if (!res.ok) throw await refused(res);
    return new Uint8Array(await res.arrayBuffer());
  }

  async function generate(request: GenerateRequest, handlers: GenerateHandlers): Promise<PointCloud> {
    const { signal } = handlers;
    let res: Response;
    try {
      res = await fetchFn(`${base}/api/jobs`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(encodeRequest(request)),
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw new AbortError();
      throw unreachable(e);
    }
    if (res.status !== 202) throw await refused(res);
    const { id } = (await res.json()) as { id: string };
    const job = `/api/jobs/${encodeURIComponent(id)}`;
    // Cancel is the only thing that ends a job from here: closing the stream leaves it running.
    const cancel = () => void fetchFn(`${base}${job}`, { method: 'DELETE', headers }).catch(() => undefined);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await follow(job, handlers);
    } catch (e) {
      if (signal.aborted) throw new AbortError();
      throw e;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  async function follow(job: string, handlers: GenerateHandlers): Promise<PointCloud> {
    const { signal } = handlers;
    let lastId: string | undefined;
    let cloud: PointCloud | undefined;
    let failure: Error | undefined;
    const on: { [K in JobEventName]: (d: JobEvents[K]) => void | Promise<void> } = {
      queued: (d) => handlers.onProgress({ status: 'info', stage: 'text', message: `Waiting for the server: ${d.ahead} run(s) ahead.` }),
      started: () => undefined,
      retry: (d) => handlers.onProgress({ status: 'info', stage: 'text', message: d.message }),
      progress: (d) => handlers.onProgress(d),
      image: async (d) => handlers.onImage(d.kind, decodeRgbaBinary(await bytes(`${job}/${d.kind}.rgba`, signal))),
      result: async () => void (cloud = decodeCloudBinary(await bytes(`${job}/cloud.bin`, signal))),
      error: (d) => void (failure = serverError(d)),
    };
    const attempts = options.reconnects ?? 8;
    let misses = 0;
    for (;;) {
      let heard = false;
      let ended = false;
      try {
        const res = await fetchFn(`${base}${job}/events`, {
          headers: { ...headers, ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
          signal,
        });
        if (!res.ok || !res.body) throw await refused(res);
        const pending: EventSourceMessage[] = [];
        const parser = createParser({ onEvent: (m) => pending.push(m) });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        while (!ended) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
          // Events are handled one after another: a picture is fetched before the next event is shown.
          while (pending.length && !ended) {
            const m = pending.shift()!;
            const handle = on[m.event as JobEventName] as ((d: unknown) => void | Promise<void>) | undefined;
            await handle?.(JSON.parse(m.data));
            if (m.id) lastId = m.id;
            heard = true;
            ended = FINAL_EVENTS.includes(m.event as JobEventName);
          }
        }
        if (ended) await reader.cancel().catch(() => undefined);
      } catch (e) {
        if (signal.aborted) throw new AbortError();
        // fetch reports a network failure as a TypeError: resume below; anything else is the answer.
        if ((e as Error).name !== 'TypeError') throw e;
      }
      if (ended) {
        if (failure) throw failure;
        if (!cloud) throw new RemoteServerError('The server ended the job without a cloud.');
        return cloud;
      }
      // The stream ended or broke before the final event: resume where it left off.
      misses = heard ? 1 : misses + 1;
      if (misses > attempts)
        throw new RemoteServerError(`The connection to the server broke during the run and did not come back after ${attempts} tries.`);
      const delay = Math.min(4000, (options.retryDelayMs ?? 250) * 2 ** (misses - 1));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
      if (signal.aborted) throw new AbortError();
    }
  }

  return { name: 'remote', generate, dispose() {} };
}
