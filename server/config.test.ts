import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config';
import { keyChecker, memoryRateLimiter } from './http/guard';
import { stripPaths } from './errors';

describe('server config, keys and limits', () => {
  it('takes keys from the environment and a keys file, refuses to start without any unless --open', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lumen-keys-')), 'keys.txt');
    writeFileSync(file, '# team keys\nalpha\n\n  beta  # trailing comment\n');
    expect(readConfig(['--keys-file', file], { LUMEN_API_KEYS: 'gamma, delta' }).keys).toEqual(['gamma', 'delta', 'alpha', 'beta']);
    expect(() => readConfig([], {})).toThrow(/No API keys.*--open/);
    const open = readConfig(['--open'], {});
    expect(open.keys).toBeUndefined();
    expect(open.host).toBe('127.0.0.1');
    expect(open.origins).toEqual([]);
    expect(readConfig(['--open', '--host', '0.0.0.0', '--origin', 'https://a.example', '--origin', 'https://b.example'], {})).toMatchObject(
      { host: '0.0.0.0', origins: ['https://a.example', 'https://b.example'] },
    );
  });

  it('a key matches only itself, whatever its length or shared prefix', () => {
    const check = keyChecker(['k-1234567890', 'other']);
    expect(check('k-1234567890')).toMatch(/^key1:/);
    expect(check('other')).toMatch(/^key2:/);
    for (const wrong of ['', 'k', 'k-123456789', 'k-12345678901', 'K-1234567890', 'other ', 'x'.repeat(10_000)])
      expect(check(wrong)).toBeUndefined();
  });

  it('the per-key limit allows N a minute, then says how long to wait; a new minute starts afresh', async () => {
    let now = 60_000 * 1000 + 15_000;
    const limiter = memoryRateLimiter(3, () => now);
    const takes = [];
    for (let i = 0; i < 5; i++) takes.push(await limiter.take('a'));
    expect(takes.map((t) => t.ok)).toEqual([true, true, true, false, false]);
    expect(takes[4].retryAfterS).toBe(45);
    expect((await limiter.take('b')).ok).toBe(true);
    now += 45_000;
    expect((await limiter.take('a')).ok).toBe(true);
  });

  it('error text loses absolute paths but keeps file names', () => {
    expect(stripPaths("ENOENT: no such file or directory, open '/srv/lumen/models/text_encoder.onnx'")).toBe(
      "ENOENT: no such file or directory, open 'text_encoder.onnx'",
    );
    expect(stripPaths('failed at C:\\Users\\me\\models\\unet.onnx')).toBe('failed at unet.onnx');
    expect(stripPaths('steps 1/2 and a ratio 3/4')).toBe('steps 1/2 and a ratio 3/4');
  });
});
