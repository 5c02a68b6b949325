import { describe, expect, it } from 'vitest';
import type { ProgressEvent, StageId } from '../leaf/progress';
import { useGeneration } from './generation';
import { STAGE_IDS } from './stages';

// Whatever a worker still reports between the Cancel click and the run's rejection (the last steps of a
// stage, its 'done', the next stage's start) must not show: the run's outcome is already "cancelled".
function randomEvents(rand: () => number, n: number): ProgressEvent[] {
  return Array.from({ length: n }, (): ProgressEvent => {
    const stage = STAGE_IDS[Math.floor(rand() * STAGE_IDS.length)] as StageId;
    const k = rand();
    if (k < 0.25) return { status: 'start', stage };
    if (k < 0.5) return { status: 'done', stage, ms: 10 };
    return { status: 'progress', stage, step: Math.floor(rand() * 10), total: 10 };
  });
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('the generation store around a cancel', () => {
  it('ignores progress that arrives after Cancel, and shows the interrupted stage as cancelled', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = lcg(seed);
      const g = useGeneration.getState();
      g.begin(false);
      g.progress([
        { status: 'start', stage: 'text' },
        { status: 'done', stage: 'text', ms: 5 },
        { status: 'start', stage: 'points' },
        { status: 'progress', stage: 'points', step: 3, total: 303 },
      ]);
      const before = useGeneration.getState().stages;
      useGeneration.getState().cancelling();
      useGeneration.getState().progress(randomEvents(rand, 1 + Math.floor(rand() * 12)));
      expect(useGeneration.getState().stages).toBe(before);
      useGeneration.getState().cancelled();
      const after = useGeneration.getState().stages;
      expect(after.points).toMatchObject({ status: 'cancelled', step: 3, total: 303 });
      expect(after.text.status).toBe('done');
      expect([after.image.status, after.cutout.status, after.parts.status]).toEqual(['idle', 'idle', 'idle']);
      expect(useGeneration.getState().phase).toBe('idle');
    }
  });

  it('applies progress while the run is going', () => {
    useGeneration.getState().begin(false);
    useGeneration.getState().progress([
      { status: 'start', stage: 'parts' },
      { status: 'done', stage: 'parts', ms: 7 },
    ]);
    expect(useGeneration.getState().stages.parts).toMatchObject({ status: 'done', ms: 7 });
    useGeneration
      .getState()
      .finish({ positions: new Float32Array(0), partIds: new Uint8Array(0), partNames: [], emptyParts: [], failedParts: [] });
  });
});
