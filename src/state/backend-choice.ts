// Where runs happen: on this device (web workers, WebGPU or wasm) or on a Lumen server (server/), for
// devices too weak for the models. Remembered in localStorage; checked with the server's /api/health.
import { create } from 'zustand';
import { normalizeServerUrl, splitServerUrl } from '../backends/remote';

export type BackendKind = 'local' | 'remote';

export interface ServerHealth {
  sets: { id: string; label: string }[];
  providers: string[];
  busy: number;
}

interface BackendChoiceState {
  kind: BackendKind;
  url: string;
  /** The last check of the server: its answer, or why it failed. */
  health?: ServerHealth;
  healthError?: string;
  choose(kind: BackendKind, url?: string): boolean;
  check(fetchFn?: typeof fetch): Promise<void>;
}

const KEY = 'lumen.backend.v1';
type Prefs = Pick<Storage, 'getItem' | 'setItem'>;

function load(prefs: Prefs | undefined): { kind: BackendKind; url: string } {
  try {
    const v = JSON.parse(prefs?.getItem(KEY) ?? 'null') as { kind?: string; url?: string } | null;
    if (v && (v.kind === 'local' || v.kind === 'remote') && typeof v.url === 'string') return { kind: v.kind, url: v.url };
  } catch {
    // a damaged entry: start from the default
  }
  return { kind: 'local', url: 'http://localhost:8787' };
}

export function createBackendChoice(prefs: Prefs | undefined) {
  return create<BackendChoiceState>((set, get) => ({
    ...load(prefs),
    choose(kind, url = get().url) {
      let clean = url;
      if (kind === 'remote') {
        try {
          clean = normalizeServerUrl(url);
        } catch (e) {
          set({ healthError: (e as Error).message });
          return false;
        }
      }
      set({ kind, url: clean, health: undefined, healthError: undefined });
      prefs?.setItem(KEY, JSON.stringify({ kind, url: clean }));
      return true;
    },
    async check(fetchFn = fetch) {
      const { url } = get();
      try {
        const res = await fetchFn(`${splitServerUrl(url).base}/api/health`);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const h = (await res.json()) as ServerHealth;
        set({ health: { sets: h.sets ?? [], providers: h.providers ?? [], busy: h.busy ?? 0 }, healthError: undefined });
      } catch (e) {
        set({ health: undefined, healthError: `No Lumen server answered at ${url} (${(e as Error).message}).` });
      }
    },
  }));
}

export const useBackendChoice = createBackendChoice(typeof localStorage !== 'undefined' ? localStorage : undefined);
