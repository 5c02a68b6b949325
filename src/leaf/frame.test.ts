import { afterEach, describe, expect, it, vi } from 'vitest';
import { atNextFrame } from './frame';

/** Fake timers, and animation frames that come only when the test calls them. */
function fakeFrames(): (() => void)[] {
  vi.useFakeTimers();
  const frames: (() => void)[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
  return frames;
}

describe('atNextFrame', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs at the frame when one comes first, and not again at the deadline', () => {
    const frames = fakeFrames();
    const fn = vi.fn();
    atNextFrame(fn, 100);
    expect(fn).not.toHaveBeenCalled();
    frames[0]();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs at the deadline when no frame comes (a hidden or starved page), and not again at a late frame', () => {
    const frames = fakeFrames();
    const fn = vi.fn();
    atNextFrame(fn, 100);
    vi.advanceTimersByTime(99);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    frames[0]();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('without requestAnimationFrame (a worker, Node) the deadline alone runs it', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const fn = vi.fn();
    atNextFrame(fn, 16);
    vi.advanceTimersByTime(16);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
