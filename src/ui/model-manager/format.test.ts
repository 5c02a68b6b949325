import { describe, expect, it } from 'vitest';
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
