// A tiny HTTP server for the download tests: serves public/models/fixture/ with Range and ETag support,
// plus faults a real network produces. Faults are chosen per request through the query:
//   ?faults=drop@1000,ok,200&s=<session>
// The n-th request of a session (same `s` and path) gets the n-th fault, later ones none, so one URL can
// script a whole download-and-resume sequence. Faults: ok | drop@N (close the connection after byte N of
// the file) | 200 (ignore Range, send the whole file) | truncate@N (end the body cleanly at byte N) |
// 500 | stall@N (send up to byte N, then nothing) | flip@N (invert byte N). It logs the bytes it sent per
// request so a test can prove a resume fetched only what was missing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const MODEL_SERVER_PORT = Number(process.env.LUMEN_MODEL_SERVER_PORT ?? 4175);
const FIXTURE_DIR = fileURLToPath(new URL('../../public/models/fixture/', import.meta.url));

export interface ServedRequest {
  path: string;
  session?: string;
  range?: string;
  ifRange?: string;
  fault: string;
  status: number;
  /** The file offset the body started at, and how many body bytes were written. */
  start: number;
  bytesSent: number;
}

export interface ModelServer {
  url: string;
  log: ServedRequest[];
  /** The fixture manifest's files (path, bytes, sha256). */
  files: { path: string; bytes: number; sha256: string }[];
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range, If-Range',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Content-Range, Content-Length, Accept-Ranges',
  // The app page is cross-origin isolated (COEP require-corp).
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function parseFault(spec: string | undefined): { kind: string; at: number } {
  const [kind, at] = (spec ?? 'ok').split('@');
  return { kind, at: at === undefined ? -1 : Number(at) };
}

/** dropDelayMs: the pause before a dropped connection closes (Node's fetch needs none; Chromium does). */
export function startModelServer(port = MODEL_SERVER_PORT, { dropDelayMs = 100 } = {}): Promise<ModelServer> {
  const manifest = JSON.parse(readFileSync(`${FIXTURE_DIR}manifest.json`, 'utf8')) as { files: ModelServer['files'] };
  const cache = new Map<string, Buffer>();
  const counters = new Map<string, number>();
  const log: ServedRequest[] = [];
  const sockets = new Set<Socket>();

  function load(path: string): Buffer | undefined {
    if (!manifest.files.some((f) => f.path === path)) return undefined;
    if (!cache.has(path)) cache.set(path, readFileSync(FIXTURE_DIR + path));
    return cache.get(path);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    const file = load(path);
    if (!file) return void res.writeHead(404).end('not found');
    const session = url.searchParams.get('s') ?? undefined;
    const key = `${session}:${path}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    const fault = parseFault(url.searchParams.get('faults')?.split(',')[n]);
    const etag = `"${createHash('sha256').update(file).digest('hex').slice(0, 16)}"`;
    const entry: ServedRequest = { path, session, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined, fault: fault.kind === 'ok' ? 'ok' : `${fault.kind}${fault.at >= 0 ? `@${fault.at}` : ''}`, status: 0, start: 0, bytesSent: 0 };
    log.push(entry);
    if (fault.kind === '500') {
      entry.status = 500;
      return void res.writeHead(500, 'Internal Server Error').end('injected failure');
    }

    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRangeOk = !entry.ifRange || entry.ifRange === etag;
    if (m && ifRangeOk && fault.kind !== '200') {
      start = Number(m[1]);
      if (start >= file.length) {
        entry.status = 416;
        return void res.writeHead(416, { 'Content-Range': `bytes */${file.length}` }).end();
      }
    }
    const partial = start > 0 || (m !== null && ifRangeOk && fault.kind !== '200');
    let body = file.subarray(start);
    if (fault.kind === 'flip' && fault.at >= start && fault.at < file.length) {
      body = Buffer.from(body);
      body[fault.at - start] ^= 0xff;
    }
    entry.status = partial ? 206 : 200;
    entry.start = start;
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Content-Length': body.length,
    };
    if (partial) headers['Content-Range'] = `bytes ${start}-${file.length - 1}/${file.length}`;
    const cut = fault.at - start;
    if (fault.kind === 'truncate' && cut >= 0) {
      // A clean, honest short answer: the length header matches what is sent.
      headers['Content-Length'] = cut;
      body = body.subarray(0, cut);
    }
    res.writeHead(entry.status, headers);
    if ((fault.kind === 'drop' || fault.kind === 'stall') && cut >= 0 && cut < body.length) {
      const head = body.subarray(0, cut);
      entry.bytesSent = head.length;
      res.write(head, () => {
        // drop: close the connection short of Content-Length (a lost connection). The pause lets the
        // client consume what arrived first; Chromium discards a body chunk that lands with the error.
        if (fault.kind === 'drop') setTimeout(() => res.socket?.end(), dropDelayMs);
      });
      return;
    }
    entry.bytesSent = body.length;
    res.end(body);
  }

  const server: Server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        log,
        files: manifest.files,
        close: () =>
          new Promise<void>((done) => {
            // Stalled answers never end on their own.
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
