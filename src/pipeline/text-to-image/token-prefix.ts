// Only the first 77 tokens of a prompt reach the text encoders, so only a prefix of the prompt needs
// encoding. CLIP's tokenizer (NFC, whitespace runs → one space, lowercase; then a split into letter runs,
// single digits and punctuation runs; then BPE within each piece) never joins text across a whitespace
// character or past a digit: cut there, and the prefix's tokens are exactly the first tokens of the whole.
// Within one long run with neither (a "word" thousands of characters long) there is no such boundary, and
// BPE's merges near the cut can differ; there the cut is accepted only when two cuts far apart agree on
// every token we keep.

// Where a cut is provably harmless: just after a whitespace character or an ASCII digit. Whitespace as the
// tokenizer's patterns mean it: Unicode White_Space (the library rewrites their `\s` to it), which unlike
// JavaScript's `\s` leaves out U+FEFF and takes in U+0085.
const BOUNDARY = /[\p{White_Space}0-9]/u;
const SPACES = /\p{White_Space}+/gu;

/** First boundary cut at or after `from` and before `to`, or −1 (only that window is searched). */
export function boundaryCut(text: string, from: number, to: number): number {
  const m = BOUNDARY.exec(text.slice(from, to));
  return m ? from + m.index + 1 : -1;
}

/** A cut inside a run, moved off the middle of a surrogate pair. */
function runCut(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

export interface PrefixWork {
  /** Characters handed to the encoder, all calls together (what bounds the time and memory). */
  encodedChars: number;
}

/**
 * The first `need` body tokens of `text` (all of them when it has fewer), encoding prefixes only.
 * `encode` turns text into body tokens (no BOS/EOS). The prefix starts at `8 × need` characters (a CLIP
 * token rarely covers more) and doubles until it holds enough tokens.
 */
export function firstTokens(
  encode: (text: string) => number[],
  text: string,
  need: number,
  work: PrefixWork = { encodedChars: 0 },
): number[] {
  const run = (s: string) => {
    work.encodedChars += s.length;
    return encode(s);
  };
  let squeezed = false;
  for (let budget = Math.max(64, 8 * need); ; budget *= 2) {
    if (text.length <= 2 * budget) return run(text).slice(0, need);
    if (budget > 8 * need && !squeezed) {
      // Too few tokens in the first prefix: mostly whitespace. A whitespace run tokenizes as one space
      // (the normaliser's own rule, and nothing composes across it), so squeeze them all, once.
      squeezed = true;
      text = text.replace(SPACES, ' ');
      budget /= 2;
      continue;
    }
    // Two cuts: one after `budget` characters, one after twice that; each at a boundary when one comes
    // within `budget` characters, else inside the run.
    const a = boundaryCut(text, budget, 2 * budget);
    const b = boundaryCut(text, 2 * budget, 3 * budget);
    const first = run(text.slice(0, a >= 0 ? a : runCut(text, budget)));
    if (first.length < need) continue;
    if (a >= 0) return first.slice(0, need);
    const second = run(text.slice(0, b >= 0 ? b : runCut(text, 2 * budget)));
    if (second.length >= need && first.slice(0, need).every((id, i) => id === second[i])) return first.slice(0, need);
  }
}
