// Serves a checkpoint folder the way the Hugging Face Hub serves a model repository, for the compile
// tests: files at `{repo}/resolve/{branch or commit}/{path}` with Range requests answered 206 (as the
// Hub's CDN does), missing files 404, the model-info call `api/models/{repo}/revision/{branch}` naming
// the commit, and CORS/CORP headers so a cross-origin-isolated page may read it. It logs every request
// and can hold each file answer back (`delayMs`) so a test can pause a compile part-way.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, normalize } from 'node:path';
import { writeTinyLayout } from '../../models/compiler/test/tiny-layout';

export interface CheckpointRequest {
  kind: 'file' | 'revision' | 'other';
  /** Path inside the repository, for file requests. */
  path: string;
  revision?: string;
  range?: string;
  status: number;
}

export interface CheckpointServer {
  url: string;
  repo: string;
  branch: string;
  commit: string;
  log: CheckpointRequest[];
  /** Milliseconds each file answer waits (0: none). */
  delayMs: number;
  /** Serve another folder from now on (e.g. one with a renamed tensor). */
  setRoot(dir: string): void;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range, Authorization',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag, Accept-Ranges',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export async function startCheckpointServer(
  root: string,
  o: { repo: string; branch: string; commit: string; port?: number },
): Promise<CheckpointServer> {
  const sockets = new Set<Socket>();
  const server: CheckpointServer = {
    url: '',
    repo: o.repo,
    branch: o.branch,
    commit: o.commit,
    log: [],
    delayMs: 0,
    setRoot: (dir) => void (root = dir),
    close: async () => undefined,
  };
  const fileRe = new RegExp(`^/${o.repo}/resolve/([^/]+)/(.+)$`);
  const revisionPath = `/api/models/${o.repo}/revision/`;

  function answerFile(req: IncomingMessage, res: ServerResponse, entry: CheckpointRequest) {
    const file = join(root, normalize(entry.path));
    const known = entry.revision === o.branch || entry.revision === o.commit;
    if (!known || entry.path.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      entry.status = 404;
      return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Entry not found');
    }
    const bytes = readFileSync(file);
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m) {
      entry.status = 200;
      return void res.writeHead(200, { 'Content-Length': bytes.length, 'Accept-Ranges': 'bytes' }).end(bytes);
    }
    const first = Number(m[1]);
    const last = Math.min(Number(m[2]), bytes.length - 1);
    if (first > last) {
      entry.status = 416;
      return void res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
    }
    entry.status = 206;
    res.writeHead(206, {
      'Content-Range': `bytes ${first}-${last}/${bytes.length}`,
      'Content-Length': last - first + 1,
      'Accept-Ranges': 'bytes',
    });
    res.end(bytes.subarray(first, last + 1));
  }

  const http = createServer((req, res) => {
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname.startsWith(revisionPath)) {
      const revision = pathname.slice(revisionPath.length);
      const ok = revision === o.branch || revision === o.commit;
      server.log.push({ kind: 'revision', path: '', revision, status: ok ? 200 : 404 });
      res.writeHead(ok ? 200 : 404, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify(ok ? { id: o.repo, sha: o.commit } : { error: 'Revision not found' }));
    }
    const m = fileRe.exec(pathname);
    if (!m) {
      server.log.push({ kind: 'other', path: pathname, status: 404 });
      return void res.writeHead(404).end('not found');
    }
    const entry: CheckpointRequest = { kind: 'file', revision: m[1], path: m[2], range: req.headers.range, status: 0 };
    server.log.push(entry);
    if (server.delayMs > 0) setTimeout(() => answerFile(req, res, entry), server.delayMs);
    else answerFile(req, res, entry);
  });
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(o.port ?? 0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  server.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      http.close(() => resolve());
    });
  return server;
}

/**
 * The tiny random PartCrafter checkpoint of the compiler's tests (models/compiler/test/tiny-layout.ts),
 * written into `dir` and served as wgsxm/PartCrafter, branch main at `commit`.
 */
export async function serveTinyCheckpoint(dir: string, commit: string): Promise<CheckpointServer> {
  writeTinyLayout(dir);
  return startCheckpointServer(dir, { repo: 'wgsxm/PartCrafter', branch: 'main', commit });
}
