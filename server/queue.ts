// The server runs one generation at a time: ORT sessions on one device must not run concurrently, and a
// second run would only halve both. Later requests wait in order and are told how many are ahead.

export function createRunQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return {
    /** Runs `job` after every earlier one; `onQueued` hears how many were ahead when it arrived. */
    run<T>(job: () => Promise<T>, onQueued?: (ahead: number) => void): Promise<T> {
      const ahead = waiting;
      waiting++;
      if (ahead > 0) onQueued?.(ahead);
      const result = tail.then(job);
      tail = result.catch(() => undefined).finally(() => waiting--);
      return result;
    },
    get pending() {
      return waiting;
    },
  };
}
