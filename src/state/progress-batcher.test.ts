import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../leaf/progress';
import { createProgressBatcher } from './progress-batcher';

const step = (n: number): ProgressEvent => ({ status: 'progress', stage: 'points', step: n, total: 10 });

describe('progress batcher', () => {
  it('applies all events of one frame together, in order, once', () => {
    const frames: (() => void)[] = [];
    const applied: number[][] = [];
    const b = createProgressBatcher(
      (es) => applied.push(es.map((e) => (e.status === 'progress' ? e.step : -1))),
      (fn) => frames.push(fn),
    );
    b.push(step(1));
    b.push(step(2));
    b.push(step(3));
    expect(frames).toHaveLength(1);
    expect(applied).toEqual([]);
    frames[0]();
    b.push(step(4));
    expect(frames).toHaveLength(2);
    frames[1]();
    expect(applied).toEqual([[1, 2, 3], [4]]);
  });

  it('flush applies queued events at once and the scheduled frame then does nothing', () => {
    const frames: (() => void)[] = [];
    const applied: ProgressEvent[][] = [];
    const b = createProgressBatcher(
      (es) => applied.push(es),
      (fn) => frames.push(fn),
    );
    b.push(step(1));
    b.flush();
    expect(applied).toHaveLength(1);
    frames[0]();
    expect(applied).toHaveLength(1);
  });

  it('close applies what is queued and drops events that arrive after the run ended', () => {
    const frames: (() => void)[] = [];
    const applied: ProgressEvent[][] = [];
    const b = createProgressBatcher(
      (es) => applied.push(es),
      (fn) => frames.push(fn),
    );
    b.push(step(1));
    b.close();
    b.push(step(2)); // a late message from a cancelled worker
    for (const f of frames) f();
    expect(applied).toEqual([[step(1)]]);
  });
});
