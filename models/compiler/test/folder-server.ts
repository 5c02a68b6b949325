// Serves a folder over HTTP on localhost, answering Range requests with 206 (as Hugging Face's CDN
// does) and missing files with 404, so the compiler's HTTP source is tested against a real server.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export async function serveFolder(root: string): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)).replace(/^\/+/, '');
    const file = join(root, path);
    requests.push(`${path} ${req.headers.range ?? ''}`.trim());
    if (path.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const bytes = readFileSync(file);
    const m = req.headers.range && /^bytes=(\d+)-(\d+)$/.exec(req.headers.range);
    if (!m) {
      res.writeHead(200, { 'Content-Length': bytes.length }).end(bytes);
      return;
    }
    const first = Number(m[1]);
    const last = Math.min(Number(m[2]), bytes.length - 1);
    res
      .writeHead(206, { 'Content-Range': `bytes ${first}-${last}/${bytes.length}`, 'Content-Length': last - first + 1 })
      .end(bytes.subarray(first, last + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
