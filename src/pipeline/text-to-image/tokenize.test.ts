import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createNodeContext } from '../../runtime/node-context';
import { TokenizerFileError, createClipTokenizer, loadClipTokenizer, promptIds, type ClipTokenizer } from './tokenize';

const { clip1, clip2 } = FIXTURE_SET.tokenizers;
const L = FIXTURE_SET.dims.textLength;
let t1: ClipTokenizer;
let t2: ClipTokenizer;

beforeAll(async () => {
  const { assets } = createNodeContext(FIXTURE_SET);
  t1 = await loadClipTokenizer(assets, clip1);
  t2 = await loadClipTokenizer(assets, clip2);
});

describe('CLIP tokenizers on the fixture files', () => {
  it('read BOS/EOS/pad ids from the files; the two pad ids differ', () => {
    expect(t1.bosId).toBe(t2.bosId);
    expect(t1.eosId).toBe(t2.eosId);
    expect(t1.padId).toBe(t1.eosId); // CLIP-L pads with <|endoftext|>
    expect(t2.padId).toBe(0); // bigG pads with "!", id 0
    expect(t1.padId).not.toBe(t2.padId);
  });

  it('frames a short prompt as BOS + tokens + EOS and right-pads each with its own pad id', () => {
    const a = t1.encode('a photo of a cat', L);
    const b = t2.encode('a photo of a cat', L);
    expect(a.length).toBe(L);
    expect(b.length).toBe(L);
    expect(a[0]).toBe(t1.bosId);
    const eos1 = a.indexOf(t1.eosId);
    expect(eos1).toBe(6); // five words
    expect(a.slice(eos1)).toEqual(new Array(L - eos1).fill(t1.padId));
    expect(b[6]).toBe(t2.eosId);
    expect(b.slice(7)).toEqual(new Array(L - 7).fill(0));
    expect(a.slice(1, 6)).toEqual(b.slice(1, 6)); // same BPE for ordinary words
  });

  it('"!" is an ordinary token in tokenizer 1 but the special id 0 in tokenizer 2', () => {
    const a = t1.encode('a cat!', L);
    const b = t2.encode('a cat!', L);
    expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
    expect(b[3]).toBe(0);
    expect(a[3]).not.toBe(0);
    expect(a[3]).not.toBe(t1.eosId);
    expect(a[4]).toBe(t1.eosId);
    expect(b[4]).toBe(t2.eosId);
  });

  it('truncates long prompts to the length and keeps EOS at the last position', () => {
    const long = Array.from({ length: 40 }, () => 'owl').join(' ');
    for (const t of [t1, t2]) {
      const ids = t.encode(long, L);
      expect(ids.length).toBe(L);
      expect(ids[0]).toBe(t.bosId);
      expect(ids[L - 1]).toBe(t.eosId);
      expect(ids.slice(1, L - 1).every((id) => id === ids[1])).toBe(true);
      // argmax(input_ids) must be the EOS position so encoder 2 pools the right token.
      expect(ids.indexOf(Math.max(...ids))).toBe(L - 1);
    }
  });

  it('normalises case and whitespace the way CLIP does', () => {
    expect(t1.encode('A   PHOTO\tof a Cat', L)).toEqual(t1.encode('a photo of a cat', L));
  });

  it('gives int32 ids for encoder 1 and int64 ids for encoder 2', () => {
    const { ids1, ids2 } = promptIds(t1, t2, 'a wise old owl!', L);
    expect(ids1).toBeInstanceOf(Int32Array);
    expect(ids2).toBeInstanceOf(BigInt64Array);
    expect(ids1.length).toBe(L);
    expect(ids2.length).toBe(L);
    expect(ids2[0]).toBe(BigInt(t2.bosId));
  });

  it('names the file when a special token is missing or the JSON is broken', () => {
    expect(() => createClipTokenizer('{not json', clip1)).toThrow(TokenizerFileError);
    const { assets } = createNodeContext(FIXTURE_SET);
    return assets.text(clip1.path).then((json) => {
      expect(() => createClipTokenizer(json, { ...clip1, pad: '<|nope|>' })).toThrow(/tokenizer\/tokenizer.json.*<\|nope\|>/);
    });
  });
});
