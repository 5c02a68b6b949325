// The next animation frame, with a deadline. A hidden page draws no frames, and a page whose compositor
// is starved of CPU (a software GPU sharing two cores with wasm threads) draws one every few seconds
// while its main thread sits idle: work that only waits for "the next paint" must not wait that long.

/** Runs `fn` once: at the next animation frame, or after `latestMs` if no frame has come by then. */
export function atNextFrame(fn: () => void, latestMs = 100): void {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(once, latestMs);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
}
