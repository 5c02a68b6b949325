// What the real-size bench watches while a step runs: a worker's JS heap over CDP (V8 heap plus
// ArrayBuffer backing stores, as bench/opfs-heap.ts measures it) and the resident memory of this
// browser's renderer and GPU processes, read from /proc for the processes descended from this Node
// process (other browsers on the machine are not counted). Also a static file server with Range for the
// generated graphs, streaming from disk (the e2e model server holds its files in memory).
import type { CDPSession } from '@playwright/test';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { workerChannel } from './opfs-heap';

function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone between the listing and the read
    }
  }
  return map;
}

/** RSS in bytes of this process's descendant renderer and GPU processes. */
export function browserRss(): { renderer: number; gpu: number } {
  const kids = children();
  const out = { renderer: 0, gpu: 0 };
  const walk = (pid: number) => {
    for (const c of kids.get(pid) ?? []) {
      try {
        const cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
        const kind = cmd.includes('--type=renderer') ? 'renderer' : cmd.includes('--type=gpu-process') ? 'gpu' : undefined;
        if (kind) out[kind] += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${c}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // exited
      }
      walk(c);
    }
  };
  walk(process.pid);
  return out;
}

export interface Peaks {
  /** Peak worker JS heap above its level when sampling began. */
  heap: number;
  heapBaseline: number;
  /** Peak RSS, and its level when sampling began. */
  renderer: number;
  gpu: number;
  rendererBaseline: number;
  gpuBaseline: number;
  samples: number;
}

/** Samples every ~50 ms until `work` settles; the worker is found by URL part (it may be absent: heap 0). */
export async function sampled<T>(cdp: CDPSession, workerUrl: string, work: () => Promise<T>): Promise<{ value: T; peaks: Peaks }> {
  // A bridged worker is spawned by its first call: look again until it is there (its heap starts then).
  let heapOf = await workerChannel(cdp, workerUrl).catch(() => undefined);
  const jsHeap = async () => {
    heapOf ??= await workerChannel(cdp, workerUrl).catch(() => undefined);
    const u = heapOf ? await heapOf('Runtime.getHeapUsage') : {};
    return (u.usedSize ?? 0) + (u.backingStorageSize ?? 0);
  };
  const heapBaseline = await jsHeap();
  const start = browserRss();
  const peaks: Peaks = { heap: 0, heapBaseline, renderer: 0, gpu: 0, rendererBaseline: start.renderer, gpuBaseline: start.gpu, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [h, rss] = [await jsHeap(), browserRss()];
      if (!peaks.heapBaseline && h) peaks.heapBaseline = h; // the worker appeared after the step began
      peaks.heap = Math.max(peaks.heap, h - peaks.heapBaseline);
      peaks.renderer = Math.max(peaks.renderer, rss.renderer);
      peaks.gpu = Math.max(peaks.gpu, rss.gpu);
      peaks.samples++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    return { value: await work(), peaks };
  } finally {
    running = false;
    await loop;
  }
}

/** Serves `dir` with Range support and the CORS/CORP headers a cross-origin-isolated page needs. */
export async function serveFiles(dir: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const path = join(dir, name);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Content-Range, Content-Length, Accept-Ranges');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    let size: number;
    let mtime: number;
    try {
      const s = statSync(path);
      if (!s.isFile() || name.includes('..')) throw new Error('not a file');
      size = s.size;
      mtime = s.mtimeMs;
    } catch {
      return void res.writeHead(404).end();
    }
    const etag = `"${size}-${Math.round(mtime)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
      createReadStream(path, { start, end }).pipe(res);
    } else {
      res.writeHead(200, { 'Content-Length': size });
      createReadStream(path).pipe(res);
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
