// The smoke tests' page: exposes the runtime plumbing on window so Playwright can drive it without the UI.
import * as Comlink from 'comlink';
import type { ForcedProvider } from '../src/runtime/capabilities';
import { probeCapabilities } from '../src/runtime/probe';
import type { OrtSmokeApi } from './ort-smoke.worker';

const worker = new Worker(new URL('./ort-smoke.worker.ts', import.meta.url), { type: 'module', name: 'ort-smoke' });
const smoke = Comlink.wrap<OrtSmokeApi>(worker);

const harness = {
  probe: probeCapabilities,
  /** For the bench (bench/placement.ts): the automatic placement and measured ms per call, per graph. */
  async timePlacement(setId: string) {
    return smoke.timePlacement(setId, await probeCapabilities());
  },
  /** For the bench: ms per call of a graph (bytes) with one float32 input `x`, on WebGPU and wasm. */
  async timeBytes(model: Uint8Array, x: { dims: number[]; data: Float32Array }) {
    const caps = await probeCapabilities();
    return smoke.timeBytes(model, { x: { dtype: 'float32', ...x } }, caps.webgpu ? ['webgpu', 'wasm'] : ['wasm'], caps.threads);
  },
  /**
   * Loads fixture graphs in a worker through the real web context and runs them. WebGPU is forced unless
   * `force` says otherwise ('auto': placed by expected speed, as a user's page does by default).
   */
  async runFixtureGraphs(force: ForcedProvider | 'auto' = 'webgpu') {
    const caps = await probeCapabilities();
    return smoke.run(force === 'auto' ? caps : { ...caps, forceProvider: force });
  },
};

declare global {
  interface Window {
    lumenHarness: typeof harness;
  }
}
window.lumenHarness = harness;
document.querySelector('[data-testid="harness-ready"]')?.removeAttribute('hidden');
