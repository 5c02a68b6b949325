// The two SDXL tokenizers (docs/models/sdxl-turbo.md §1.3). The library only splits text into BPE ids;
// special tokens, truncation and padding are ours, because transformers.js-style truncation drops the
// EOS of long prompts and encoder 2 pools at argmax(input_ids), i.e. at the EOS.
import { Tokenizer } from '@huggingface/tokenizers';
import type { TokenizerRef } from '../../../models/model-set';
import type { AssetSource } from '../../runtime/context';
import { firstTokens, type PrefixWork } from './token-prefix';

export class TokenizerFileError extends Error {
  override name = 'TokenizerFileError';
  constructor(file: string, detail: string) {
    super(`The tokenizer file "${file}" is not usable: ${detail}`);
  }
}

export interface ClipTokenizer {
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  /**
   * BOS + tokens + EOS, cut to `length` (last id forced to EOS), right-padded with the pad id. The
   * prompt's length does not matter: only a prefix long enough for `length` tokens is encoded (`work`
   * counts the characters that were).
   */
  encode(text: string, length: number, work?: PrefixWork): number[];
}

export function createClipTokenizer(json: string, ref: TokenizerRef): ClipTokenizer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new TokenizerFileError(ref.path, `not JSON (${(e as Error).message})`);
  }
  // The config only names the special tokens; ids are looked up in the tokenizer's own vocabulary.
  const tokenizer = new Tokenizer(parsed as object, { bos_token: ref.bos, eos_token: ref.eos, pad_token: ref.pad });
  const idOf = (token: string, role: string): number => {
    const id = tokenizer.token_to_id(token);
    if (id === undefined) throw new TokenizerFileError(ref.path, `it has no ${role} token "${token}"`);
    return id;
  };
  const bosId = idOf(ref.bos, 'start');
  const eosId = idOf(ref.eos, 'end');
  const padId = idOf(ref.pad, 'padding');
  return {
    bosId,
    eosId,
    padId,
    encode(text: string, length: number, work?: PrefixWork): number[] {
      if (length < 2) throw new RangeError(`token length ${length} cannot hold BOS and EOS`);
      // Only length − 2 body tokens fit between BOS and EOS: encode no more of the prompt than yields them.
      const body = firstTokens((s) => tokenizer.encode(s, { add_special_tokens: false }).ids, text, length - 2, work);
      const ids = [bosId, ...body, eosId];
      while (ids.length < length) ids.push(padId);
      return ids;
    },
  };
}

export async function loadClipTokenizer(assets: AssetSource, ref: TokenizerRef, signal?: AbortSignal): Promise<ClipTokenizer> {
  return createClipTokenizer(await assets.text(ref.path, signal), ref);
}

/** Graph-ready ids: int32 for encoder 1, int64 for encoder 2 (the Olive export's dummy input types). */
export interface PromptIds {
  ids1: Int32Array;
  ids2: BigInt64Array;
}

export function promptIds(t1: ClipTokenizer, t2: ClipTokenizer, prompt: string, length: number): PromptIds {
  return {
    ids1: Int32Array.from(t1.encode(prompt, length)),
    ids2: BigInt64Array.from(t2.encode(prompt, length), (v) => BigInt(v)),
  };
}
