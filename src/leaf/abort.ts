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

