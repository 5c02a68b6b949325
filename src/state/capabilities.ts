// What the device can do, probed once on load (as the transformers.js-examples WebGPU workers do).
import { create } from 'zustand';
import type { Capabilities } from '../runtime/capabilities';
import { probeCapabilities } from '../runtime/probe';

interface CapabilitiesState {
  status: 'probing' | 'ready' | 'failed';
  caps?: Capabilities;
  error?: string;
  probe(): Promise<Capabilities>;
}

/** Used when the probe itself throws: assume the slowest path so the app still works. */
const FALLBACK: Capabilities = { webgpu: false, shaderF16: false, crossOriginIsolated: false, threads: 1 };

export const useCapabilities = create<CapabilitiesState>((set) => ({
  status: 'probing',
  async probe() {
    try {
      const caps = await probeCapabilities();
      set({ status: 'ready', caps });
      return caps;
    } catch (e) {
      const caps = { ...FALLBACK, webgpuReason: `the capability probe failed: ${(e as Error).message}` };
      set({ status: 'failed', caps, error: (e as Error).message });
      return caps;
    }
  },
}));

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
