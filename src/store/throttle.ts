// Progress from a download or import, at most every `ms`, and always the latest: a report that falls
// inside the window is sent when the window ends, so bytes that arrived just before a stall still show.
export interface Throttle {
  tick(): void;
  /** Drops a pending report (the caller sends its own final one). */
  cancel(): void;
}

export function throttle(fn: () => void, ms: number): Throttle {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    tick() {
      const wait = ms - (Date.now() - last);
      if (wait <= 0) fire();
      else timer ??= setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
