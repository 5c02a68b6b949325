import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createContentHasher } from './hashing';

describe('content hashes', () => {
  it("git blob SHA-1 is git hash-object (the Hub listing's oid for a non-LFS file)", async () => {
    const data = new TextEncoder().encode('Hello, World!');
    const h = await createContentHasher({ bytes: data.length, gitSha1: 'x' });
    h.update(data);
    // `printf 'Hello, World!' | git hash-object --stdin`
    expect(await h.digest()).toBe('b45ef6fec89518d314f546fd6c3025367b721684');
  });

  it('a saved state resumes to the same digest, for both kinds, and reset starts over', async () => {
    const data = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
    for (const kind of ['sha256', 'gitSha1'] as const) {
      const e = { bytes: data.length, [kind]: 'x' };
      const a = await createContentHasher(e);
      a.update(data.subarray(0, 33_333));
      const b = await createContentHasher(e);
      b.load(await a.save());
      b.update(data.subarray(33_333));
      const whole = await createContentHasher(e);
      whole.update(data);
      const resumed = await b.digest();
      expect(resumed).toBe(await whole.digest());
      whole.reset();
      whole.update(data);
      expect(await whole.digest()).toBe(resumed);
    }
    const sha = await createContentHasher({ bytes: data.length, sha256: 'x' });
    sha.update(data);
    expect(await sha.digest()).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
