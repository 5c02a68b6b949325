// Progress can arrive many times per frame (geometry reports per chunk); the store — and React — need it
// at most once per frame (the shape of transformers.js's ProgressInfo, src/utils/core.js). Events are queued and applied together; flush() applies what is
// queued at once, so a run's final state (done, failed, cancelled) is never overtaken by a late batch.
import { atNextFrame } from '../leaf/frame';
import type { ProgressEvent } from '../leaf/progress';

export interface ProgressBatcher {
  push(e: ProgressEvent): void;
  flush(): void;
  /**
   * Flushes and stops: a worker's progress messages can still be in flight after its run was cancelled
   * or failed, and applying them later would flip a stopped stage back to "running".
   */
  close(): void;
}

type Schedule = (fn: () => void) => void;

// At the next frame, or within 100 ms if frames stall: a software GPU busy with a run can leave the page
// without a frame for seconds, and the strip would then jump from "encoding" to the last steps.
const nextFrame: Schedule = (fn) => atNextFrame(fn, 100);

export function createProgressBatcher(apply: (events: ProgressEvent[]) => void, schedule: Schedule = nextFrame): ProgressBatcher {
  let queue: ProgressEvent[] = [];
  let scheduled = false;
  let closed = false;
  const flush = () => {
    scheduled = false;
    if (!queue.length) return;
    const events = queue;
    queue = [];
    apply(events);
  };
  return {
    push(e) {
      if (closed) return;
      queue.push(e);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}
