import { describe, expect, it } from 'vitest';
import { createProgressiveDraw } from './progressive';

/** Runs frames on an unchanged view until the picture is complete; returns the steps. */
function drawAll(d: ReturnType<typeof createProgressiveDraw>, total: number, sig: number[]) {
  const steps = [d.next(total, sig)];
  while (!steps.at(-1)!.complete) steps.push(d.next(total, sig));
  return steps;
}

describe('progressive draw', () => {
  it('an unbounded budget draws every view whole, in one fresh frame', () => {
    const d = createProgressiveDraw(Number.POSITIVE_INFINITY);
    expect(d.next(30_000, [1])).toEqual({ fresh: true, start: 0, count: 30_000, complete: true });
    // Asked again with nothing changed: drawn again whole (never a partial picture).
    expect(d.next(30_000, [1])).toEqual({ fresh: true, start: 0, count: 30_000, complete: true });
  });

  it('covers every point exactly once, in order, for random totals and budgets', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const total = Math.floor(rand() * 100_000);
      const budget = 1 + Math.floor(rand() * 20_000);
      const steps = drawAll(createProgressiveDraw(budget, { targetMs: 30, minPoints: 1 }), total, [trial]);
      expect(steps[0].fresh).toBe(true);
      expect(steps.slice(1).every((s) => !s.fresh)).toBe(true);
      let next = 0;
      for (const s of steps) {
        expect(s.start).toBe(next);
        expect(s.count).toBeLessThanOrEqual(budget);
        next += s.count;
      }
      expect(next).toBe(total);
      expect(steps).toHaveLength(Math.max(1, Math.ceil(total / budget)));
    }
  });

  it('a changed view, or a new cloud, starts over with a clear; a complete picture asked again starts over too', () => {
    const d = createProgressiveDraw(1000, { targetMs: 30, minPoints: 1 });
    expect(d.next(5000, [0, 0])).toMatchObject({ fresh: true, start: 0, count: 1000 });
    expect(d.next(5000, [0, 0])).toMatchObject({ fresh: false, start: 1000 });
    // The camera moved mid-way.
    expect(d.next(5000, [0, 1])).toMatchObject({ fresh: true, start: 0, count: 1000 });
    // Another cloud under the same view.
    expect(d.next(4000, [0, 1])).toMatchObject({ fresh: true, start: 0 });
    const rest = drawAll(d, 4000, [0, 1]);
    expect(rest.at(-1)!.complete).toBe(true);
    expect(d.next(4000, [0, 1])).toMatchObject({ fresh: true, start: 0, complete: false });
  });

  it('moves the budget towards the target frame time, at most 2x per frame, never under the floor', () => {
    const d = createProgressiveDraw(4000, { targetMs: 30, minPoints: 2000 });
    d.next(100_000, [0]);
    d.observe(15); // half the target: could double
    expect(d.budget).toBe(8000);
    d.next(100_000, [0]);
    d.observe(300); // ten times over: halves, not more
    expect(d.budget).toBe(4000);
    d.next(100_000, [0]);
    d.observe(40);
    expect(d.budget).toBe(3000);
    for (let i = 0; i < 5; i++) {
      d.next(100_000, [0]);
      d.observe(1000);
    }
    expect(d.budget).toBe(2000);
  });

  it('a short last chunk does not teach the pace', () => {
    const d = createProgressiveDraw(4000, { targetMs: 30, minPoints: 100 });
    d.next(4100, [0]);
    d.observe(30);
    const tail = d.next(4100, [0]);
    expect(tail).toMatchObject({ start: 4000, count: 100, complete: true });
    d.observe(25); // 100 points in 25 ms is the frame's fixed cost, not 4 points per ms
    expect(d.budget).toBe(4000);
  });
});
