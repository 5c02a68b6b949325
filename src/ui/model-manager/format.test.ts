import { describe, expect, it } from 'vitest';
import { needsText, setFigures } from './figures';
import { formatBytes, formatEta } from './format';

describe('model manager formatting', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatBytes(38_843)).toBe('38.8 kB');
    expect(formatBytes(124_433_929)).toBe('124.4 MB');
    expect(formatBytes(1_965_607_674)).toBe('1.97 GB');
  });

  it('says time left in seconds, minutes or hours, and a dash while unknown', () => {
    expect(formatEta(undefined)).toBe('—');
    expect(formatEta(4.2)).toBe('5 s');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(7260)).toBe('2 h 1 min');
  });
});

describe('set figures', () => {
  const f = (path: string, bytes?: number) => ({ path, storePath: `s/${path}`, url: `https://x/${path}`, bytes });
  it('counts what is left to store against what is free', () => {
    const files = [f('a', 3e9), f('b', 1e9), f('c', 5e8)];
    const states = { 's/a': { kind: 'complete' as const, bytesDone: 3e9 }, 's/b': { kind: 'partial' as const, bytesDone: 4e8 } };
    const fig = setFigures(files, states, { usage: 3e9, quota: 4e9 });
    expect(fig).toEqual({ totalBytes: 4.5e9, neededBytes: 1.1e9, freeBytes: 1e9, fits: false });
    expect(needsText(fig)).toBe('Will not fit: needs 1.10 GB, 1.00 GB free');
    expect(needsText(setFigures(files, states, { usage: 0, quota: 1e10 }))).toBe('Needs 1.10 GB, 10.00 GB free');
    expect(needsText(setFigures([f('a')], {}))).toMatch(/once the host is asked/);
  });
});
