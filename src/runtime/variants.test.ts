import { describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../models/sets/fixture';
import { createMemoryStore } from '../store/file-store';
import { storedVariants, variantStorePaths } from './variants';
import { dirOver, storeComplete } from './test/memory-dir';

const bytes = (n: number, v = 1) => new Uint8Array(n).fill(v);

async function storeWithUnet() {
  const store = createMemoryStore();
  await storeComplete(store, 'fixture/unet.onnx', bytes(100));
  const sha = (await import('node:crypto')).createHash('sha256').update(bytes(100)).digest('hex');
  return { store, sha };
}

describe('storedVariants', () => {
  it('finds a complete float32 variant made from the float16 graph the store holds', async () => {
    const { store, sha } = await storeWithUnet();
    await storeComplete(store, 'fixture/variants/float32/unet.onnx', bytes(50, 2), {
      derived: { kind: 'float32', from: 'fixture/unet.onnx', fromSha256: sha, largestTensorBytes: 64, dataFile: 'unet.onnx.data' },
    });
    expect(await storedVariants(dirOver(store.files), FIXTURE_SET)).toEqual({}); // its data file is missing
    await storeComplete(store, 'fixture/variants/float32/unet.onnx.data', bytes(4096, 3));
    expect(await storedVariants(dirOver(store.files), FIXTURE_SET)).toEqual({
      unet: { key: 'unet', path: 'variants/float32/unet.onnx', bytes: 50, dataBytes: 4096, largestTensorBytes: 64 },
    });
  });

  it('ignores a variant of an older download (other SHA-256), an unfinished one, and one without provenance', async () => {
    const { store, sha } = await storeWithUnet();
    const info = { kind: 'float32' as const, from: 'fixture/unet.onnx', largestTensorBytes: 64 };
    await storeComplete(store, 'fixture/variants/float32/unet.onnx', bytes(50), { derived: { ...info, fromSha256: 'ab'.repeat(32) } });
    await storeComplete(store, 'fixture/variants/float32/vae_decoder.onnx', bytes(50), {
      derived: { ...info, fromSha256: sha },
      complete: false,
    });
    await storeComplete(store, 'fixture/variants/float32/text_encoder.onnx', bytes(50));
    expect(await storedVariants(dirOver(store.files), FIXTURE_SET)).toEqual({});
  });

  it('lists every path a set’s variants may use, data files included', () => {
    expect(variantStorePaths(FIXTURE_SET)).toEqual([
      'fixture/variants/float32/text_encoder.onnx',
      'fixture/variants/float32/text_encoder.onnx.data',
      'fixture/variants/float32/text_encoder_2.onnx',
      'fixture/variants/float32/text_encoder_2.onnx.data',
      'fixture/variants/float32/unet.onnx',
      'fixture/variants/float32/unet.onnx.data',
      'fixture/variants/float32/vae_decoder.onnx',
      'fixture/variants/float32/vae_decoder.onnx.data',
    ]);
  });
});
