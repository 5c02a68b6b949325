import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './file-store';
import { fromBase64, toBase64 } from '../leaf/base64';
import { crc32, MetaFile, SLOT_BYTES, type FileMeta } from './meta';

const base: FileMeta = { url: 'http://x/a', bytesDone: 0, hashState: '', expectedBytes: 10, expectedSha256: 'ab', complete: false };

describe('meta file', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('base64 round-trips binary hash state', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });

  it('reads back the newest record, alternating slots, across reopenings', async () => {
    const store = createMemoryStore();
    const m = new MetaFile((await store.open('a.meta', true))!);
    expect(m.read()).toBeNull();
    for (let i = 1; i <= 5; i++) m.write({ ...base, bytesDone: i });
    const again = new MetaFile((await store.open('a.meta', true))!);
    expect(again.read()?.bytesDone).toBe(5);
    again.write({ ...base, bytesDone: 6 });
    expect(new MetaFile((await store.open('a.meta', true))!).read()?.bytesDone).toBe(6);
  });

  it('a torn write of the newest slot falls back to the previous record', async () => {
    const store = createMemoryStore();
    const m = new MetaFile((await store.open('a.meta', true))!);
    m.write({ ...base, bytesDone: 3 }); // slot 1
    m.write({ ...base, bytesDone: 4 }); // slot 0
    const raw = store.files.get('a.meta')!;
    raw[20] ^= 0xff; // damage slot 0's body: its checksum no longer holds
    expect(new MetaFile((await store.open('a.meta', true))!).read()?.bytesDone).toBe(3);
    raw[SLOT_BYTES + 20] ^= 0xff; // both torn: no record, the download starts over
    expect(new MetaFile((await store.open('a.meta', true))!).read()).toBeNull();
  });
});
