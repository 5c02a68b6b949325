// A tiny HTTP server for the download tests: serves public/models/fixture/ with Range and ETag support,
// the same files as Hub repositories (hub-fixture.ts: `{repo}/resolve/{revision}/{file}` and the tree
// API), and faults a real network produces. Faults are chosen per request through the query:
//   ?faults=drop@1000,ok,200&s=<session>
// The n-th request of a session (same `s` and path) gets the n-th fault, later ones none, so one URL can
// script a whole download-and-resume sequence. Faults: ok | drop@N (close the connection after byte N of
// the file) | 200 (ignore Range, send the whole file) | truncate@N (end the body cleanly at byte N) |
// 500 | stall@N (send up to byte N, then nothing) | flip@N (invert byte N) | late@MS (send the first KiB,
// the rest MS milliseconds later: a download still in flight while a test acts). The same can ride in the path,
// `f/<session>/<faults>/<rest>`, for URLs the app builds itself (a mirror base with faults in it). A path
// under `nocors/` is answered without CORS headers (the browser then refuses it). It logs every request (bytes sent, the
// Authorization header) so a test can prove what a resume fetched and where a token went.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gitBlobSha1, HubRepos, realSetStandIns, sha256Hex } from './hub-fixture';
import { FIXTURE_HUB, fixtureRepoPath } from './hub-sets';

export const MODEL_SERVER_PORT = Number(process.env.LUMEN_MODEL_SERVER_PORT ?? 4175);
const FIXTURE_DIR = fileURLToPath(new URL('../../public/models/fixture/', import.meta.url));
/** The fixture set as a Hub repository (hub-sets.ts fixtureRepoPath gives each file's path in it). */
export const FIXTURE_REPO = FIXTURE_HUB;

export interface ServedRequest {
  kind: 'file' | 'tree';
  path: string;
  session?: string;
  range?: string;
  ifRange?: string;
  authorization?: string;
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
  hub: HubRepos;
  /** Requests for `repo` need `Authorization: Bearer <token>`: 401 without one, 403 with another; null opens it. */
  gate(repo: string, token: string | null): void;
  /** Serve extra bytes at a path (the bench's generated file). */
  put(path: string, bytes: Buffer): void;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range, If-Range, Authorization',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Content-Range, Content-Length, Accept-Ranges, Link',
  // The app page is cross-origin isolated (COEP require-corp).
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function parseFault(spec: string | undefined): { kind: string; at: number } {
  const [kind, at] = (spec ?? 'ok').split('@');
  return { kind, at: at === undefined ? -1 : Number(at) };
}

export interface ModelServerOptions {
  /** The pause before a dropped connection closes (Node's fetch needs none; Chromium does). */
  dropDelayMs?: number;
  /** Tree listings longer than this continue on a next page (Link header), as the Hub's do. */
  treePageSize?: number;
}

export function startModelServer(
  port = MODEL_SERVER_PORT,
  { dropDelayMs = 100, treePageSize = 1000 }: ModelServerOptions = {},
): Promise<ModelServer> {
  const manifest = JSON.parse(readFileSync(`${FIXTURE_DIR}manifest.json`, 'utf8')) as { files: ModelServer['files'] };
  const files = new Map<string, Buffer>(manifest.files.map((f) => [f.path, readFileSync(FIXTURE_DIR + f.path)]));
  const hub = new HubRepos();
  for (const f of manifest.files) hub.add(FIXTURE_REPO.repo, FIXTURE_REPO.revision, fixtureRepoPath(f.path), files.get(f.path)!);
  for (const s of realSetStandIns()) hub.add(s.repo, s.revision, s.file, files.get(s.fixture)!);
  const gates = new Map<string, string>();
  const counters = new Map<string, number>();
  const log: ServedRequest[] = [];
  const sockets = new Set<Socket>();

  /** 401/403 for a gated repository without the right token; true when it answered. */
  function refuse(repo: string, req: IncomingMessage, res: ServerResponse, entry: ServedRequest): boolean {
    const token = gates.get(repo);
    if (!token || entry.authorization === `Bearer ${token}`) return false;
    entry.status = entry.authorization ? 403 : 401;
    res
      .writeHead(entry.status, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ error: 'Access to this repository is restricted.' }));
    return true;
  }

  function tree(segments: string[], url: URL, req: IncomingMessage, res: ServerResponse, entry: ServedRequest): void {
    // api/models/{owner}/{name}/tree/{revision}[/{dir}], revision and dir each one escaped segment.
    const [owner, name, , rev, ...rest] = segments;
    const repo = `${owner}/${name}`;
    if (refuse(repo, req, res, entry)) return;
    const listing = hub.list(repo, decodeURIComponent(rev ?? ''), rest.map(decodeURIComponent).join('/'));
    if (!listing) {
      entry.status = 404;
      return void res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'Repository not found' }));
    }
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const page = listing.slice(from, from + treePageSize);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (from + treePageSize < listing.length) {
      const next = new URL(url.href);
      next.searchParams.set('cursor', String(from + treePageSize));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    entry.status = 200;
    res.writeHead(200, headers).end(JSON.stringify(page));
  }

  function serveBytes(
    file: Buffer,
    etag: string,
    fault: { kind: string; at: number },
    req: IncomingMessage,
    res: ServerResponse,
    entry: ServedRequest,
  ): void {
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
    if (fault.kind === 'late' && body.length > 1024) {
      res.write(body.subarray(0, 1024), () => setTimeout(() => res.end(body.subarray(1024)), fault.at));
      return;
    }
    res.end(body);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    let raw = url.pathname.replace(/^\/+/, '');
    const noCors = raw.startsWith('nocors/');
    if (noCors) raw = raw.slice('nocors/'.length);
    const inPath = /^f\/([^/]+)\/([^/]+)\/(.*)$/.exec(raw);
    if (inPath) raw = inPath[3];
    if (!noCors) for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const segments = raw.split('/');
    const path = decodeURIComponent(raw);
    const session = inPath ? decodeURIComponent(inPath[1]) : (url.searchParams.get('s') ?? undefined);
    const key = `${session}:${path}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    const fault = parseFault((inPath ? decodeURIComponent(inPath[2]) : url.searchParams.get('faults'))?.split(',')[n]);
    const entry: ServedRequest = {
      kind: 'file',
      path,
      session,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      authorization: req.headers.authorization,
      fault: fault.kind === 'ok' ? 'ok' : `${fault.kind}${fault.at >= 0 ? `@${fault.at}` : ''}`,
      status: 0,
      start: 0,
      bytesSent: 0,
    };
    log.push(entry);

    if (segments[0] === 'api' && segments[1] === 'models' && segments[4] === 'tree') {
      entry.kind = 'tree';
      tree(segments.slice(2), url, req, res, entry);
      return;
    }
    if (segments[2] === 'resolve' && segments.length >= 5) {
      const repo = `${segments[0]}/${segments[1]}`;
      if (refuse(repo, req, res, entry)) return;
      const f = hub.get(repo, decodeURIComponent(segments[3]), segments.slice(4).map(decodeURIComponent).join('/'));
      if (f) {
        serveBytes(f.bytes, `"${f.lfs ? sha256Hex(f.bytes) : gitBlobSha1(f.bytes)}"`, fault, req, res, entry);
        return;
      }
    }
    const file = files.get(path);
    if (!file) {
      entry.status = 404;
      return void res.writeHead(404).end('not found');
    }
    serveBytes(file, `"${createHash('sha256').update(file).digest('hex').slice(0, 16)}"`, fault, req, res, entry);
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
        hub,
        gate: (repo, token) => void (token === null ? gates.delete(repo) : gates.set(repo, token)),
        put: (path, bytes) => void files.set(path, bytes),
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
