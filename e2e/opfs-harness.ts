// Exposes the OPFS session worker to e2e/opfs-session.spec.ts and the heap bench (bench/opfs-heap.ts).
import * as Comlink from 'comlink';
import type { OpfsSessionApi } from './opfs-session.worker';

const worker = Comlink.wrap<OpfsSessionApi>(
  new Worker(new URL('./opfs-session.worker.ts', import.meta.url), { type: 'module', name: 'opfs-session' }),
);

declare global {
  interface Window {
    lumenOpfs: Comlink.Remote<OpfsSessionApi>;
  }
}
window.lumenOpfs = worker;
document.querySelector('[data-testid="harness-ready"]')?.removeAttribute('hidden');
