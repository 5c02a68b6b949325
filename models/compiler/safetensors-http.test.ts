// The HTTP Range source against a real local server: one that honours Range, one that ignores it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpRangeError, httpRangeSource, openSafetensors } from './safetensors';
import { bytesOf, writeSafetensors } from './test/safetensors-writer';

const weights = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5 - 7);
const file = writeSafetensors({
  small: { dtype: 'I32', shape: [3], bytes: bytesOf(Int32Array.of(4, 5, 6)) },
  weights: { dtype: 'F32', shape: [10, 100], bytes: bytesOf(weights) },
});

interface Served {
  url: string;
  ranges: string[];
  /** Bytes the server actually sent in bodies. */
  sent: number;
  server: Server;
}

async function serve(honourRange: boolean): Promise<Served> {
  const served = { ranges: [] as string[], sent: 0 } as Served;
  served.server = createServer((req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404).end('not found');
      return;
    }
    const range = req.headers.range;
    served.ranges.push(range ?? '(none)');
    const m = range && /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!honourRange || !m) {
      served.sent += file.length;
      res.writeHead(200, { 'Content-Length': file.length }).end(Buffer.from(file));
      return;
    }
    const first = Number(m[1]);
    const last = Math.min(Number(m[2]), file.length - 1);
    if (req.url === '/shifted') {
      // A broken proxy: 206, but for a different range than asked.
      res
        .writeHead(206, { 'Content-Range': `bytes ${first + 1}-${last + 1}/${file.length}` })
        .end(Buffer.from(file.subarray(first + 1, last + 2)));
      return;
    }
    const body = file.subarray(first, last + 1);
    served.sent += body.length;
    res.writeHead(206, { 'Content-Range': `bytes ${first}-${last}/${file.length}`, 'Content-Length': body.length }).end(Buffer.from(body));
  });
  await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
  served.url = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}`;
  return served;
}

let ranged: Served;
let whole: Served;
beforeAll(async () => {
  [ranged, whole] = await Promise.all([serve(true), serve(false)]);
});
afterAll(async () => {
  await Promise.all([ranged, whole].map((s) => new Promise((r) => s.server.close(r))));
});

describe('httpRangeSource', () => {
  it('reads the header and one tensor with Range requests, never the whole file', async () => {
    ranged.ranges.length = 0;
    ranged.sent = 0;
    const st = await openSafetensors(httpRangeSource(`${ranged.url}/model.safetensors`));
    const info = st.info('weights');
    expect(await st.float32('weights')).toEqual(weights);
    const h = st.header.headerLength;
    expect(ranged.ranges).toEqual(['bytes=0-0', 'bytes=0-7', `bytes=8-${8 + h - 1}`, `bytes=${info.byteOffset}-${info.byteOffset + 3999}`]);
    expect(ranged.sent).toBe(1 + 8 + h + 4000);
    expect(ranged.sent).toBeLessThan(file.length);
    expect((await st.tensor('small')).data).toEqual(Int32Array.of(4, 5, 6));
  });

  it('rejects a 200 answer to a Range request, naming the URL', async () => {
    const url = `${whole.url}/model.safetensors`;
    const err = await openSafetensors(httpRangeSource(url)).catch((e) => e);
    expect(err).toBeInstanceOf(HttpRangeError);
    expect(err.status).toBe(200);
    expect(err.message).toContain(url);
    expect(err.message).toMatch(/answered 200 \(whole file\) to a Range request/);
  });

  it('names the URL and status of a failed request', async () => {
    const url = `${ranged.url}/missing`;
    await expect(httpRangeSource(url).size()).rejects.toThrow(`${url}: Range request for bytes 0-0 failed with HTTP 404`);
  });

  it('rejects a 206 whose Content-Range is not the range asked for', async () => {
    const url = `${ranged.url}/shifted`;
    await expect(httpRangeSource(url).size()).rejects.toThrow(`${url}: asked for bytes 0-0 but Content-Range is "bytes 1-1/`);
  });

  it('rejects a read past the end before asking the server', async () => {
    const source = httpRangeSource(`${ranged.url}/model.safetensors`);
    await expect(source.read(file.length - 2, 4)).rejects.toThrow(/runs past the end/);
  });
});
