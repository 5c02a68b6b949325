import { describe, expect, it } from 'vitest';
import { errorAdvice } from './error-advice';

describe('error advice', () => {
  it('offline, a file that could not be fetched asks for the set to be installed, not for a connection', () => {
    const advice = errorAdvice('AssetFetchError', { online: false, setLabel: 'Fixture (tiny test models)' });
    expect(advice).toMatch(/offline/);
    expect(advice).toMatch(/Fixture \(tiny test models\) set is not installed/);
    expect(advice).toMatch(/Models/);
    expect(advice).not.toMatch(/connection/);
  });

  it('online, the same error still points at the connection; other errors keep their advice either way', () => {
    expect(errorAdvice('AssetFetchError', { online: true, setLabel: 'x' })).toMatch(/connection/);
    for (const online of [true, false]) {
      expect(errorAdvice('DeviceLostError', { online, setLabel: 'x' })).toMatch(/fewer parts/);
      expect(errorAdvice('SomethingElse', { online, setLabel: 'x' })).toBeUndefined();
    }
  });
});
