// A cloud too big to draw in one frame without holding the main thread is drawn over several: the first
// frame of a new view clears and draws the scene with the first `budget` points, each following frame adds
// the next `budget` points over what the preserved drawing buffer already holds, until all are drawn. The
// points are opaque and depth-tested and the chunks go in the cloud's own order, so the finished picture
// is the one a single draw gives. On a GPU that draws the whole cloud in a frame the budget is unbounded
// and every frame is one ordinary draw. (Point budgets are how large point cloud viewers keep frames short:
// Potree's pointBudget, Schütz 2016, "Potree: Rendering Large Point Clouds in Web Browsers".)

/** What one frame draws: the whole scene after a clear, or only the next chunk of points over the last frame. */
export interface DrawStep {
  /** Clear and draw the whole scene (the points limited to [start, start + count)); else draw only the points' chunk. */
  fresh: boolean;
  start: number;
  count: number;
  /** This frame completes the picture. */
  complete: boolean;
}

export interface BudgetOptions {
  /** The longest a frame should take (its draw and the wait for it), in ms. */
  targetMs: number;
  /** Points per frame never go below this (a frame has fixed costs a smaller chunk does not remove). */
  minPoints: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { targetMs: 30, minPoints: 2000 };

export interface ProgressiveDraw {
  /**
   * The step for this frame, given the points to draw and the view's signature (every number that changes
   * what the frame shows). A changed view starts over; an unchanged one continues where the last frame
   * stopped, or starts over once complete (something asked for a frame the signature cannot see).
   */
  next(total: number, signature: readonly number[]): DrawStep;
  /** The measured duration of the last step's frame; the budget follows it towards the target. */
  observe(ms: number): void;
  /** Points per frame now (Infinity: whole clouds). */
  readonly budget: number;
}

export function createProgressiveDraw(initialBudget: number, options: BudgetOptions = DEFAULT_BUDGET): ProgressiveDraw {
  let budget = initialBudget;
  let drawn = 0;
  let total = 0;
  let last: readonly number[] | undefined;
  let lastCount = 0;
  const same = (a: readonly number[], b: readonly number[] | undefined) =>
    b !== undefined && a.length === b.length && a.every((x, i) => x === b[i] || (Number.isNaN(x) && Number.isNaN(b[i])));
  return {
    next(n, signature) {
      const resume = same(signature, last) && n === total && drawn < total;
      last = [...signature];
      total = n;
      const start = resume ? drawn : 0;
      const count = Math.min(n - start, budget);
      drawn = start + count;
      lastCount = count;
      return { fresh: !resume, start, count, complete: drawn >= n };
    },
    observe(ms) {
      // Only a full chunk tells the pace: a short last chunk is mostly the frame's fixed cost.
      if (!(ms > 0) || !Number.isFinite(budget) || lastCount < budget) return;
      // Points per frame that would take the target at the measured pace, moving at most 2x per frame.
      const fit = (options.targetMs / ms) * lastCount;
      budget = Math.max(options.minPoints, Math.round(Math.min(budget * 2, Math.max(budget / 2, fit))));
    },
    get budget() {
      return budget;
    },
  };
}
