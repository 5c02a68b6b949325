import { Tokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SET } from '../../../models/sets/fixture';
import { createNodeContext } from '../../runtime/node-context';
import { createRng } from '../random';
import { boundaryCut } from './token-prefix';
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

describe('bounded encoding of long prompts', () => {
  const full = new Map<ClipTokenizer, Tokenizer>();
  beforeAll(async () => {
    const { assets } = createNodeContext(FIXTURE_SET);
    for (const [t, ref] of [
      [t1, clip1],
      [t2, clip2],
    ] as const) {
      full.set(t, new Tokenizer(JSON.parse(await assets.text(ref.path)), { bos_token: ref.bos, eos_token: ref.eos, pad_token: ref.pad }));
    }
  });

  /** The unbounded rule: encode the whole prompt, then frame and cut to L. */
  function reference(t: ClipTokenizer, text: string): number[] {
    const ids = [t.bosId, ...full.get(t)!.encode(text, { add_special_tokens: false }).ids, t.eosId];
    if (ids.length > L) {
      ids.length = L;
      ids[L - 1] = t.eosId;
    }
    while (ids.length < L) ids.push(t.padId);
    return ids;
  }

  it("gives the whole prompt's tokens for 200 random long prompts of every kind", () => {
    const rng = createRng(77);
    let cutInside = 0;
    for (let k = 0; k < 200; k++) {
      const text = randomPrompt(rng);
      for (const t of [t1, t2]) {
        const work = { encodedChars: 0 };
        expect(t.encode(text, L, work), `prompt ${k}: ${JSON.stringify(text.slice(0, 80))}…`).toEqual(reference(t, text));
        if (work.encodedChars < text.length) cutInside++;
      }
    }
    expect(cutInside).toBeGreaterThan(100); // most prompts really were cut
  });

  it("cuts only where the prefix's tokens are the whole text's first tokens, at every such place", () => {
    const rng = createRng(3);
    let cuts = 0;
    for (let k = 0; k < 80; k++) {
      const text = randomPrompt(rng).slice(0, 120 + Math.floor(rng.next() * 200));
      for (const t of [t1, t2]) {
        const enc = (s: string) => full.get(t)!.encode(s, { add_special_tokens: false }).ids;
        const whole = enc(text);
        for (let p = 1; p < text.length; p++) {
          if (boundaryCut(text, p - 1, p) !== p) continue;
          cuts++;
          const part = enc(text.slice(0, p));
          expect(part, `${JSON.stringify(text)} cut at ${p}`).toEqual(whole.slice(0, part.length));
        }
      }
    }
    expect(cuts).toBeGreaterThan(2_500);
  });

  it('encodes a 50 MB prompt by a prefix of a few thousand characters, with or without spaces', () => {
    const words = 'A wise old Owl, 12 photos of a cat! ';
    const cases = [
      words.repeat(Math.ceil(50e6 / words.length)),
      'owl'.repeat(17e6), // one 51 MB word
      '!?'.repeat(25e6), // one punctuation run (and "!" is special in tokenizer 2)
    ];
    for (const text of cases) {
      for (const t of [t1, t2]) {
        const work = { encodedChars: 0 };
        const ids = t.encode(text, L, work);
        expect(work.encodedChars).toBeGreaterThan(0);
        expect(work.encodedChars).toBeLessThan(20_000);
        expect(ids).toEqual(reference(t, text.slice(0, 20_000)));
      }
    }
    // 50 MB of whitespace before the words: squeezed once, never encoded.
    const spaced = ' \t\n'.repeat(17e6) + 'a wise old owl';
    for (const t of [t1, t2]) {
      const work = { encodedChars: 0 };
      expect(t.encode(spaced, L, work)).toEqual(reference(t, ' a wise old owl'));
      expect(work.encodedChars).toBeLessThan(20_000);
    }
  });
});

const PIECES = [
  'a',
  'wise',
  'old',
  'owl',
  'photo',
  'of',
  'cat',
  'RED',
  'chair',
  'Toy',
  'robot',
  'the',
  '12',
  '7',
  'x9y',
  '!',
  '?!',
  "it's",
  "we'll",
  'café',
  'cafe\u0301',
  'ΣΟΦΟΣ',
  'σοφός',
  'İstanbul',
  'straße',
  '猫',
  '😀',
  '👩‍👩‍👧',
  'naïve',
  '<|endoftext|>',
  '\u0301',
  'ﬁ',
  'Ⅻ',
  '①',
  '٣',
  'x\u200by',
];
const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', ' \u2028 ', '\ufeff', '\u0085', '\u180e'];

/** Prompts of 0–8,000 characters: random pieces and whitespace runs, long words, stretches without spaces. */
function randomPrompt(rng: { next(): number }): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rng.next() * xs.length)];
  const target = Math.floor(rng.next() ** 2 * 8_000);
  const kind = Math.floor(rng.next() * 4);
  const parts: string[] = [];
  let n = 0;
  while (n < target) {
    let p: string;
    if (kind === 1 && rng.next() < 0.05)
      p = pick(PIECES).repeat(1 + Math.floor(rng.next() * 1000)); // a long word
    else p = pick(PIECES);
    const sep = kind === 2 ? '' : kind === 3 && rng.next() < 0.3 ? pick(SPACES).repeat(1 + Math.floor(rng.next() * 200)) : pick(SPACES);
    parts.push(p, sep);
    n += p.length + sep.length;
  }
  return parts.join('');
}
