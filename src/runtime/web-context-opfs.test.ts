// The OPFS-first asset source over files the real downloader stored (memory store, fixture server). The
// directory object below only exposes that store's bytes the way OPFS's async API does (getFile → Blob).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../e2e/support/model-server';
import type { AssetSource } from './context';
import { downloadFile } from '../store/download';
import { createMemoryStore } from '../store/file-store';
import { NotInstalledError } from './errors';
import { notInstalledSource, opfsFirstAssetSource, type StoredDir } from './web-context';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer(0, { dropDelayMs: 0 });
});
afterAll(() => server.close());

function dirOver(files: Map<string, Uint8Array>, prefix = ''): StoredDir {
  const notFound = () => Object.assign(new Error('absent'), { name: 'NotFoundError' });
  return {
    // The store's OPFS folder is "models"; the memory store has no such level.
    getDirectoryHandle: async (name) =>
      dirOver(files, prefix === '' && name === 'models' ? '/' : `${prefix === '/' ? '' : prefix}${name}/`),
    getFileHandle: async (name) => {
      const bytes = files.get(`${prefix === '/' ? '' : prefix}${name}`);
      if (!bytes) throw notFound();
      return { getFile: async () => new Blob([bytes.slice()]) };
    },
  };
}

function countingFallback() {
  const asked: string[] = [];
  const source: AssetSource = {
    text: async (p) => (asked.push(p), 'from network'),
    bytes: async (p) => (asked.push(p), Uint8Array.of(1)),
  };
  return { source, asked };
}

async function store(file: string, faults = '') {
  const f = server.files.find((x) => x.path === file)!;
  const s = createMemoryStore();
  const entry = {
    path: `fixture/${file}`,
    url: `${server.url}${file}?s=w${Math.random()}&faults=${faults}`,
    bytes: f.bytes,
    sha256: f.sha256,
  };
  await downloadFile(s, entry).catch(() => undefined);
  return s;
}

describe('OPFS-first asset source', () => {
  it('reads a complete stored file and never asks the network', async () => {
    const s = await store('tokenizer/tokenizer.json');
    const { source, asked } = countingFallback();
    const assets = opfsFirstAssetSource('fixture', source, async () => dirOver(s.files));
    const text = await assets.text('tokenizer/tokenizer.json');
    expect(text).toBe(new TextDecoder().decode(s.files.get('fixture/tokenizer/tokenizer.json')));
    expect(JSON.parse(text)).toHaveProperty('model');
    expect(asked).toEqual([]);
  });

  it('falls back to the network for a partial file, a missing file, another set, or no OPFS', async () => {
    const s = await store('image_encoder.onnx', 'truncate@5000');
    expect(s.files.get('fixture/image_encoder.onnx')?.length).toBe(5000);
    const { source, asked } = countingFallback();
    const assets = opfsFirstAssetSource('fixture', source, async () => dirOver(s.files));
    expect([...(await assets.bytes('image_encoder.onnx'))]).toEqual([1]);
    expect(await assets.text('tokenizer_2/tokenizer.json')).toBe('from network');
    const other = opfsFirstAssetSource('real', source, async () => dirOver((await store('unet.onnx')).files));
    await other.bytes('unet.onnx');
    await opfsFirstAssetSource('fixture', source, async () => null).bytes('unet.onnx');
    expect(asked).toEqual(['image_encoder.onnx', 'tokenizer_2/tokenizer.json', 'unet.onnx', 'unet.onnx']);
  });

  it("a real set's file the store lacks is a NotInstalledError, never a download past the store", async () => {
    const assets = opfsFirstAssetSource('real', notInstalledSource(), async () => null);
    await expect(assets.bytes('webnn/sdxl-turbo/resolve/main/onnx/unet_model_q4f16.onnx')).rejects.toThrow(NotInstalledError);
    await expect(assets.text('tok.json')).rejects.toThrow(/"tok.json" is not installed in this browser\. Open Models/);
  });
});
