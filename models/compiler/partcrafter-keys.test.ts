import { describe, expect, it } from 'vitest';
import { parameterCount, partCrafterTransformerKeys, partCrafterVaeDecoderKeys, type PartCrafterConfig } from './partcrafter-keys';
import { expectTensors, memorySource, openSafetensors, TensorListError } from './safetensors';
import { writeSafetensors, type WriteTensor } from './test/safetensors-writer';

describe('PartCrafter key maps at the released config', () => {
  it('reproduce the docs/models/partcrafter.md §1 parameter counts', () => {
    const dit = partCrafterTransformerKeys();
    expect(parameterCount(dit)).toBe(1_439_621_696);
    expect(parameterCount(dit) - parameterCount({ p: dit['part_embedding.weight'] })).toBe(1_439_556_160);
    expect(parameterCount(partCrafterVaeDecoderKeys())).toBe(214_208_513);
  });

  it('lay out the DiT as docs/models/partcrafter.md §4.4 says', () => {
    const dit = partCrafterTransformerKeys();
    const skips = Object.keys(dit).filter((k) => k.endsWith('skip_linear.weight'));
    expect(skips).toEqual(Array.from({ length: 10 }, (_, i) => `blocks.${11 + i}.skip_linear.weight`));
    expect(dit['blocks.20.skip_linear.weight']).toEqual([2048, 4096]);
    expect(dit['blocks.0.attn2.to_k.weight']).toEqual([2048, 1024]);
    expect(dit['blocks.3.attn1.norm_q.weight']).toEqual([128]);
    expect(dit['blocks.0.attn1.to_q.bias']).toBeUndefined();
    expect(dit['time_proj.linear_1.weight']).toEqual([8192, 2048]);
    expect(dit['part_embedding.weight']).toEqual([32, 2048]);
    expect(dit['proj_out.weight']).toEqual([64, 2048]);
    expect(dit['blocks.21.norm1.weight']).toBeUndefined();
  });

  it('lay out the VAE decoder path as docs/models/partcrafter.md §5–6 say', () => {
    const vae = partCrafterVaeDecoderKeys();
    expect(vae['post_quant.weight']).toEqual([1024, 64]);
    expect(vae['decoder.blocks.15.attn1.to_v.weight']).toEqual([1024, 1024]);
    expect(vae['decoder.blocks.16.attn1.to_q.weight']).toBeUndefined(); // cross-only block
    expect(vae['decoder.blocks.16.attn2.norm_cross.bias']).toEqual([1024]);
    expect(vae['decoder.proj_query.weight']).toEqual([1024, 51]);
    expect(vae['decoder.proj_out.weight']).toEqual([1, 1024]);
    expect(Object.keys(vae).some((k) => k.startsWith('encoder.') || k.startsWith('quant.'))).toBe(false);
  });

  it('refuses a width that heads do not divide', () => {
    expect(() => partCrafterTransformerKeys({ width: 100, heads: 3 })).toThrow(/not divisible/);
  });
});

describe('a tiny PartCrafter-shaped checkpoint', () => {
  const tiny: Partial<PartCrafterConfig> = {
    width: 8,
    layers: 3,
    heads: 2,
    inChannels: 4,
    crossDim: 6,
    maxParts: 4,
    vaeWidth: 8,
    vaeLayers: 2,
    vaeLatentChannels: 4,
  };
  const fileFor = (keys: Record<string, number[]>, edit: (t: Record<string, WriteTensor>) => void) => {
    const tensors: Record<string, WriteTensor> = {};
    for (const [name, shape] of Object.entries(keys)) {
      tensors[name] = { dtype: 'BF16', shape, bytes: new Uint8Array(2 * shape.reduce((a, b) => a * b, 1)) };
    }
    edit(tensors);
    return writeSafetensors(tensors);
  };

  it('passes expectTensors when complete (with extra encoder keys present)', async () => {
    const keys = partCrafterVaeDecoderKeys(tiny);
    const bytes = fileFor(keys, (t) => (t['encoder.proj_in.weight'] = { dtype: 'F32', shape: [1], bytes: new Uint8Array(4) }));
    const st = await openSafetensors(memorySource(bytes));
    expect(() => expectTensors(st, keys, 'vae')).not.toThrow();
    expect(parameterCount(keys)).toBe(Object.values(keys).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0));
  });

  it('lists every missing and misshapen DiT key in one error', async () => {
    const keys = partCrafterTransformerKeys(tiny);
    expect(keys['blocks.2.skip_linear.weight']).toEqual([8, 16]);
    expect(keys['blocks.1.skip_linear.weight']).toBeUndefined();
    const bytes = fileFor(keys, (t) => {
      delete t['blocks.2.skip_norm.bias'];
      delete t['part_embedding.weight'];
      t['blocks.0.attn2.to_k.weight'] = { dtype: 'BF16', shape: [6, 8], bytes: new Uint8Array(96) };
    });
    const st = await openSafetensors(memorySource(bytes));
    const err = (() => {
      try {
        expectTensors(st, keys, 'transformer');
      } catch (e) {
        return e as TensorListError;
      }
    })();
    expect(err).toBeInstanceOf(TensorListError);
    expect(err!.missing.sort()).toEqual(['blocks.2.skip_norm.bias', 'part_embedding.weight']);
    expect(err!.wrongShape).toEqual([{ name: 'blocks.0.attn2.to_k.weight', expected: [8, 6], actual: [6, 8] }]);
  });
});
