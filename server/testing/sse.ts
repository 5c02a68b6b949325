// Test support: reads a job's event stream as a raw client would, keeping ids and comments, so tests can
// check what went over the wire (not what the app's backend made of it).
import { createParser } from 'eventsource-parser';

export interface SseRecord {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
}

export async function readSse(
  url: string,
  o: {
    headers?: Record<string, string>;
    lastEventId?: string;
    until?: (r: SseRecord) => boolean;
    signal?: AbortSignal;
    /** Called once the server has answered the stream's request (its headers are in). */
    onOpen?: () => void;
  } = {},
) {
  const records: SseRecord[] = [];
  const headers = { ...o.headers, ...(o.lastEventId ? { 'Last-Event-ID': o.lastEventId } : {}) };
  const res = await fetch(url, { headers, signal: o.signal });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  o.onOpen?.();
  let stop = false;
  const parser = createParser({
    onEvent: (m) => {
      if (stop) return; // the rest of a chunk after the record asked for stays unread
      const r = { id: m.id, event: m.event, data: JSON.parse(m.data) };
      records.push(r);
      stop ||= o.until?.(r) ?? (m.event === 'result' || m.event === 'error');
    },
    onComment: (c: string) => {
      if (stop) return;
      const r = { comment: c.trim() };
      records.push(r);
      stop ||= o.until?.(r) ?? false;
    },
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!stop) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (e) {
    if (!o.signal?.aborted) throw e;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { records, events: records.filter((r) => r.event), ended: stop };
}
