// Hostile or careless sizes on paths that must not stall: base64 of a 16 MiB buffer (one 2k picture's
// RGBA crosses the remote backend's wire as base64), and the CLIP tokenizer on 1 MB and 50 MB prompts.
// Figures from one process on this machine; compare the ratios, not the milliseconds across machines.
import { FIXTURE_SET } from '../models/sets/fixture';
import { loadClipTokenizer } from '../src/pipeline/text-to-image/tokenize';
import { createNodeContext } from '../src/runtime/node-context';
import { chunkedToBase64, fromBase64, toBase64 } from '../src/leaf/base64';

const time = <T>(f: () => T): [number, T] => {
  const t0 = performance.now();
  const out = f();
  return [performance.now() - t0, out];
};
const best = (n: number, f: () => unknown) => Math.min(...Array.from({ length: n }, () => time(f)[0]));

export async function benchLongInputs(): Promise<void> {
  const bytes = new Uint8Array(16 * 2 ** 20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  const text = toBase64(bytes);
  const enc = best(3, () => toBase64(bytes));
  const dec = best(3, () => fromBase64(text));
  const chunked = best(1, () => chunkedToBase64(bytes));
  console.log('\nbase64 of 16 MiB (best of 3):');
  console.log(
    `  encode ${enc.toFixed(0)} ms   decode ${dec.toFixed(0)} ms   (chunked btoa fallback: encode ${chunked.toFixed(0)} ms, ${(chunked / enc).toFixed(1)}×)`,
  );

  const { assets } = createNodeContext(FIXTURE_SET);
  const tok = await loadClipTokenizer(assets, FIXTURE_SET.tokenizers.clip2);
  const sentence = 'A wise old Owl, 12 photos of a cat! ';
  console.log('\nCLIP tokenizer (fixture files), 77 tokens from a long prompt:');
  for (const mb of [1, 50]) {
    for (const [label, unit] of [
      ['words', sentence],
      ['one word', 'owl'],
    ] as const) {
      const prompt = unit.repeat(Math.ceil((mb * 1e6) / unit.length));
      prompt.indexOf('\0'); // V8 builds a repeat as a rope; read it once so the copy is not timed as tokenizing
      const work = { encodedChars: 0 };
      const [ms] = time(() => tok.encode(prompt, FIXTURE_SET.dims.textLength, work));
      console.log(
        `  ${String(mb).padStart(2)} MB ${label.padEnd(8)} ${ms.toFixed(1).padStart(7)} ms   encoded ${work.encodedChars} of ${prompt.length} characters`,
      );
    }
  }
}
