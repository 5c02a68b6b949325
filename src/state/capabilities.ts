// What the device can do, probed once on load (before any graph loads), and the provider the user forced, if any:
// `?ep=webgpu|wasm|auto` in the URL for this page, else the switch beside the capability line
// (remembered in localStorage). It travels inside the capabilities to every worker (Capabilities.forceProvider).
import { create } from 'zustand';
import type { Capabilities, ForcedProvider } from '../runtime/capabilities';
import { probeCapabilities } from '../runtime/probe';
import { useStageOutputs } from './stage-outputs';

type Prefs = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface CapabilitiesState {
  status: 'probing' | 'ready' | 'failed';
  caps?: Capabilities;
  error?: string;
  /** The forced provider; undefined: placed by expected speed. */
  force?: ForcedProvider;
  probe(): Promise<Capabilities>;
  setForce(force: ForcedProvider | undefined): void;
}

/** Used when the probe itself throws: assume the slowest path so the app still works. */
const FALLBACK: Capabilities = { webgpu: false, shaderF16: false, crossOriginIsolated: false, threads: 1 };

export const FORCE_KEY = 'lumen.forceProvider';
const parse = (v: string | null | undefined): ForcedProvider | 'auto' | undefined =>
  v === 'webgpu' || v === 'wasm' || v === 'auto' ? v : undefined;

/** `?ep=` wins for this page; else what the switch remembered; else automatic. */
export function initialForce(search: string, prefs?: Prefs): ForcedProvider | undefined {
  const fromUrl = parse(new URLSearchParams(search).get('ep'));
  const chosen = fromUrl ?? parse(prefs?.getItem(FORCE_KEY));
  return chosen === 'auto' ? undefined : chosen;
}

export function createCapabilitiesStore(search: string, prefs?: Prefs, probe: () => Promise<Capabilities> = probeCapabilities) {
  return create<CapabilitiesState>((set, get) => ({
    status: 'probing',
    force: initialForce(search, prefs),
    async probe() {
      const withForce = (c: Capabilities): Capabilities => ({ ...c, ...(get().force ? { forceProvider: get().force } : {}) });
      try {
        const caps = withForce(await probe());
        set({ status: 'ready', caps });
        return caps;
      } catch (e) {
        const caps = withForce({ ...FALLBACK, webgpuReason: `the capability probe failed: ${(e as Error).message}` });
        set({ status: 'failed', caps, error: (e as Error).message });
        return caps;
      }
    },
    setForce(force) {
      // A provider chosen by hand is one the user wants the next run to use: nothing of the last run is reused.
      if (force !== get().force) useStageOutputs.getState().keep(undefined);
      if (force) prefs?.setItem(FORCE_KEY, force);
      else prefs?.removeItem(FORCE_KEY);
      const caps = get().caps;
      if (!caps) return set({ force });
      const { forceProvider: _old, ...rest } = caps;
      set({ force, caps: force ? { ...rest, forceProvider: force } : rest });
    },
  }));
}

export const useCapabilities = createCapabilitiesStore(
  typeof location !== 'undefined' ? location.search : '',
  typeof localStorage !== 'undefined' ? localStorage : undefined,
);

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
