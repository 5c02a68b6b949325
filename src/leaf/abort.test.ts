import { describe, expect, it } from 'vitest';
import { AbortError, checkAbort, nextTask } from './abort';

/**
 * A worker's loop of graph runs that settle in microtasks (onnxruntime-web's wasm provider), and an abort
 * that arrives as a message (comlink's api.abort()): how many steps run after the abort was posted.
 */
async function stepsAfterAbort(yieldEachStep: boolean, steps = 500): Promise<number> {
  const controller = new AbortController();
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => controller.abort();
  port2.postMessage('abort');
  let done = 0;
  try {
    for (let i = 0; i < steps; i++) {
      if (yieldEachStep) await nextTask();
      checkAbort(controller.signal);
      await Promise.resolve(new Float32Array(16)); // a run that never leaves the microtask queue
      done++;
    }
  } catch (e) {
    expect(e).toBeInstanceOf(AbortError);
  } finally {
    port1.close();
  }
  return done;
}

describe('nextTask', () => {
  it('lets an abort message that is already queued land before the next step, so the loop stops there', async () => {
    for (let trial = 0; trial < 20; trial++) expect(await stepsAfterAbort(true)).toBeLessThanOrEqual(1);
  });

  it('is needed: without it the same loop runs every step before the message is handled', async () => {
    expect(await stepsAfterAbort(false)).toBe(500);
  });
});
