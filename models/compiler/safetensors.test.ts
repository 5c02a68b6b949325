import { describe, expect, it } from 'vitest';
import {
  blobSource,
  expectTensors,
  memorySource,
  openSafetensors,
  SafetensorsFormatError,
  TensorListError,
  type ByteSource,
} from './safetensors';
import { bytesOf, headerFor, writeSafetensors, type WriteTensor } from './test/safetensors-writer';

const f32 = Float32Array.from([1.5, -2.25, 3e-8, 65504, -0, 1e30]);
const i64 = BigInt64Array.from([-(2n ** 62n), -1n, 0n, 2n ** 53n + 1n]);
const i32 = Int32Array.from([-(2 ** 31), -1, 7, 2 ** 31 - 1]);
const u8 = Uint8Array.from([0, 1, 127, 128, 255]);
// Bit patterns with exactly known float32 values.
const f16Bits = Uint16Array.from([0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0xfc00, 0x8000]);
const f16Values = [1, -2, 0.333251953125, 65504, 2 ** -24, -Infinity, -0];
const bf16Bits = Uint16Array.from([0x3f80, 0xc000, 0x4049, 0x7f80, 0x0001, 0x8000]);
const bf16Values = [1, -2, 3.140625, Infinity, 2 ** -133, -0];

const tensors: Record<string, WriteTensor> = {
  'a.f32': { dtype: 'F32', shape: [2, 3], bytes: bytesOf(f32) },
  'b.f16': { dtype: 'F16', shape: [7], bytes: bytesOf(f16Bits) },
  'c.bf16': { dtype: 'BF16', shape: [3, 2], bytes: bytesOf(bf16Bits) },
  'd.i64': { dtype: 'I64', shape: [2, 2], bytes: bytesOf(i64) },
  'e.i32': { dtype: 'I32', shape: [4], bytes: bytesOf(i32) },
  'f.u8': { dtype: 'U8', shape: [5], bytes: u8 },
  'g.empty': { dtype: 'F32', shape: [0, 4], bytes: new Uint8Array(0) },
  'h.scalar': { dtype: 'F32', shape: [], bytes: bytesOf(Float32Array.of(42)) },
};
const file = writeSafetensors(tensors, { metadata: { format: 'pt' } });

/** Records every read so tests can prove which bytes a call touched. */
function counting(inner: ByteSource) {
  const reads: Array<[number, number]> = [];
  const source: ByteSource = {
    size: () => inner.size(),
    read: (offset, length, signal) => {
      reads.push([offset, length]);
      return inner.read(offset, length, signal);
    },
  };
  return { source, reads };
}

describe('openSafetensors', () => {
  it('reads every dtype back exactly, converting F16/BF16 to float32', async () => {
    const st = await openSafetensors(memorySource(file));
    expect(st.header.metadata).toEqual({ format: 'pt' });
    expect(st.names()).toEqual(Object.keys(tensors));

    const a = await st.tensor('a.f32');
    expect(a.dtype).toBe('F32');
    expect(a.shape).toEqual([2, 3]);
    expect(a.data).toEqual(f32);
    expect(Array.from(await st.float32('b.f16'))).toEqual(f16Values);
    expect((await st.tensor('b.f16')).dtype).toBe('F16');
    expect(Array.from(await st.float32('c.bf16'))).toEqual(bf16Values);
    expect((await st.tensor('d.i64')).data).toEqual(i64);
    expect((await st.tensor('e.i32')).data).toEqual(i32);
    expect((await st.tensor('f.u8')).data).toEqual(u8);
    expect((await st.tensor('g.empty')).data).toHaveLength(0);
    expect((await st.tensor('h.scalar')).shape).toEqual([]);
    expect(Array.from(await st.float32('h.scalar'))).toEqual([42]);
  });

  it('gives typed errors for unknown names and non-float float32() calls', async () => {
    const st = await openSafetensors(memorySource(file));
    await expect(st.tensor('nope')).rejects.toThrow(/no tensor "nope"/);
    await expect(st.float32('d.i64')).rejects.toThrow(/"d.i64" is I64, not a float tensor/);
  });

  it('reads one tensor by touching only its byte range', async () => {
    const { source, reads } = counting(memorySource(file));
    const st = await openSafetensors(source);
    const headerBytes = st.header.headerLength;
    expect(reads).toEqual([
      [0, 8],
      [8, headerBytes],
    ]);
    reads.length = 0;
    await st.tensor('c.bf16');
    const info = st.info('c.bf16');
    expect(reads).toEqual([[info.byteOffset, 12]]);
    expect(info.byteOffset).toBe(8 + headerBytes + 24 + 14);
  });

  it('works over a Blob (the browser File path), copying into aligned buffers', async () => {
    const { source, reads } = counting(blobSource(new Blob([file])));
    const st = await openSafetensors(source);
    expect(await st.float32('a.f32')).toEqual(f32);
    // b.f16 starts at an offset that is not 4-byte aligned in the file, and a.f32's data is 24 bytes.
    expect(Array.from(await st.float32('b.f16'))).toEqual(f16Values);
    expect(reads.slice(2).map(([, n]) => n)).toEqual([24, 14]);
  });

  it('honours an aborted signal', async () => {
    const st = await openSafetensors(blobSource(new Blob([file])));
    await expect(st.tensor('a.f32', AbortSignal.abort())).rejects.toThrow(/abort/i);
  });
});

describe('corrupt headers', () => {
  const small = {
    first: { dtype: 'F32', shape: [2], bytes: new Uint8Array(8) },
    second: { dtype: 'F32', shape: [1], bytes: new Uint8Array(4) },
  } satisfies Record<string, WriteTensor>;
  const open = (bytes: Uint8Array) => openSafetensors(memorySource(bytes));
  const withHeader = (edit: (h: Record<string, Record<string, unknown>>) => void) => {
    const { header } = headerFor(small);
    edit(header as Record<string, Record<string, unknown>>);
    return writeSafetensors(small, { rawHeader: header });
  };

  it('rejects a header length beyond the file or absurdly large', async () => {
    await expect(open(writeSafetensors(small, { headerLength: 10_000n }))).rejects.toThrow(/header length 10000 is impossible/);
    await expect(open(writeSafetensors(small, { headerLength: 2n ** 63n }))).rejects.toThrow(SafetensorsFormatError);
    await expect(open(new Uint8Array(5))).rejects.toThrow(/too short/);
  });

  it('rejects a header that is not JSON', async () => {
    const bytes = writeSafetensors(small);
    bytes[8] = 0x7b + 1; // '{' → '|'
    await expect(open(bytes)).rejects.toThrow(/not valid UTF-8 JSON/);
  });

  it('names the tensor whose offsets overlap another', async () => {
    const bytes = withHeader((h) => {
      h.second.data_offsets = [4, 8];
      h.first.data_offsets = [0, 8];
    });
    const err = await open(bytes).catch((e) => e);
    expect(err).toBeInstanceOf(SafetensorsFormatError);
    expect(err.message).toMatch(/tensor "second".*overlap tensor "first"/);
    expect(err.tensor).toBe('second');
  });

  it('names the tensor whose byte size does not match numel × dtype size', async () => {
    const bytes = withHeader((h) => (h.first.shape = [3]));
    await expect(open(bytes)).rejects.toThrow(/tensor "first": data_offsets \[0, 8\] hold 8 bytes but F32 \[3\] needs 12/);
  });

  it('names the tensor that runs past the file, and a gap in the data', async () => {
    const past = withHeader((h) => (h.second.data_offsets = [8, 16]) && (h.second.shape = [2]));
    await expect(open(past)).rejects.toThrow(/tensor "second".*run past the data buffer \(12 bytes\)/);
    const gap = withHeader((h) => (h.second.data_offsets = [9, 13]));
    await expect(open(gap)).rejects.toThrow(/tensor "second".*gap after byte 8/);
    const trailing = writeSafetensors(small, { rawHeader: { first: headerFor(small).header.first } });
    await expect(open(trailing)).rejects.toThrow(/cover 8 bytes of a 12-byte data buffer \(last tensor "first"\)/);
  });

  it('names the tensor with an unknown dtype or a bad shape', async () => {
    await expect(open(withHeader((h) => (h.first.dtype = 'F31')))).rejects.toThrow(/tensor "first": unknown dtype "F31"/);
    await expect(open(withHeader((h) => (h.first.shape = [-2])))).rejects.toThrow(/tensor "first": shape \[-2\]/);
  });
});

describe('expectTensors', () => {
  it('passes when every key is there with its shape, extra keys allowed', async () => {
    const st = await openSafetensors(memorySource(file));
    expect(() => expectTensors(st, { 'a.f32': [2, 3], 'f.u8': [5] })).not.toThrow();
  });

  it('throws one error listing every missing key and wrong shape', async () => {
    const st = await openSafetensors(memorySource(file));
    const err = (() => {
      try {
        expectTensors(st, { 'a.f32': [3, 2], 'x.gone': [1], 'e.i32': [4], 'y.gone': [2], 'h.scalar': [1] }, 'vae');
      } catch (e) {
        return e as TensorListError;
      }
    })();
    expect(err).toBeInstanceOf(TensorListError);
    expect(err!.missing).toEqual(['x.gone', 'y.gone']);
    expect(err!.wrongShape.map((w) => w.name)).toEqual(['a.f32', 'h.scalar']);
    expect(err!.message).toMatch(/^vae: 2 missing, 2 with the wrong shape/);
    expect(err!.message).toContain('missing: x.gone');
    expect(err!.message).toContain('wrong shape: a.f32 is [2,3] but must be [3,2]');
    expect(err!.message).toContain('wrong shape: h.scalar is [] but must be [1]');
  });
});
