import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { REAL_SET } from '../../models/sets/real';
import { setBaseUrl } from './set-base-url';
import { fetchAssetSource } from './web-context';

let server: Server;
let base: string;

beforeAll(async () => {
  // A real HTTP server: the asset source is exercised through fetch, status codes and all.
  server = createServer((req, res) => {
    if (req.url === '/models/fixture/tokenizer/tokenizer.json') return res.end('{"model":{}}');
    if (req.url === '/models/fixture/unet.onnx') return res.end(Buffer.from([8, 7, 18, 4]));
    if (req.url?.startsWith('/models/fixture/gated')) {
      res.statusCode = 401;
      return res.end();
    }
    res.statusCode = 404;
    res.end('nope');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('web asset source', () => {
  it('resolves the fixture set against the page origin and the real set as an absolute URL', () => {
    expect(setBaseUrl(FIXTURE_SET, 'http://localhost:4173/some/page.html')).toBe('http://localhost:4173/models/fixture/');
    expect(setBaseUrl(REAL_SET, 'http://localhost:4173/')).toBe(new URL(REAL_SET.baseUrl).href);
  });

  it('fetches text and bytes relative to the set', async () => {
    const assets = fetchAssetSource(setBaseUrl(FIXTURE_SET, base));
    expect(await assets.text('tokenizer/tokenizer.json')).toBe('{"model":{}}');
    expect([...(await assets.bytes('unet.onnx'))]).toEqual([8, 7, 18, 4]);
  });

  it('names the file and the HTTP status when a download fails', async () => {
    const assets = fetchAssetSource(setBaseUrl(FIXTURE_SET, base));
    const missing = await assets.bytes('vae_kv.onnx').catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'AssetFetchError', status: 404 });
    expect((missing as Error).message).toContain('models/fixture/vae_kv.onnx');
    expect((missing as Error).message).toMatch(/HTTP 404.*not found/);
    await expect(assets.text('gated.json')).rejects.toThrow(/HTTP 401.*access denied/);
  });

  it('passes an abort through as an abort, not as a download failure', async () => {
    const assets = fetchAssetSource(setBaseUrl(FIXTURE_SET, base));
    await expect(assets.bytes('unet.onnx', AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
