import { describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  it('reports at once, then at most once per window, and always the last tick', () => {
    vi.useFakeTimers();
    try {
      const calls: number[] = [];
      const t = throttle(() => calls.push(Date.now()), 100);
      const t0 = Date.now();
      t.tick();
      t.tick();
      t.tick();
      expect(calls).toEqual([t0]);
      // The ticks inside the window arrive as one report when it ends, though nothing ticks after.
      vi.advanceTimersByTime(100);
      expect(calls).toEqual([t0, t0 + 100]);
      t.tick();
      t.cancel();
      vi.advanceTimersByTime(500);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
