// Cancellation's one error: every layer (stages, store, workers, the UI) throws and recognises it by name,
// and the UI treats it as "cancelled", not as a failure.

export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'Cancelled') {
    super(message);
  }
}

export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortError();
}

/**
 * Resolves after the tasks already queued on this thread have run, a worker's abort message among them.
 * A loop of awaited graph runs can otherwise stay in microtasks from start to end (onnxruntime-web's wasm
 * provider computes inside the call and returns a settled promise), and the abort would arrive only
 * after the loop, when there is nothing left to stop. A posted message is not clamped like a nested
 * setTimeout, so this costs microseconds per step.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
