// The model manager's state: per set, its files and their stored state, licence acceptance, the running
// install's progress, and the browser's storage figures. The work itself is src/store/set-install.ts;
// this store only sequences it and keeps what the panel shows.
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { ModelSet } from '../../models/model-set';
import { MODEL_SETS, modelSetById } from '../../models/sets/index';
import { createWorkerBridge } from '../backends/worker-bridge';
import { setBaseUrl } from '../runtime/web-context';
import {
  deleteSet, discardPartials, installSet, loadSetFiles, setStatus, verifySet,
  type FileState, type SetFile, type SetProgress, type StorageApi, type StoreClient,
} from '../store/set-install';
import type { StoreApi } from '../../workers/store.worker';
import { variantStorePaths } from '../runtime/variants';
import { compiledStorePaths } from '../store/compiled-paths';
import { useDeviceFit } from './device-fit';
import { rememberedFiles } from './remembered-files';

export type SetPhase = 'idle' | 'loading' | 'installing' | 'verifying' | 'deleting';

export interface SetView {
  files?: SetFile[];
  states: Record<string, FileState>;
  accepted: boolean;
  phase: SetPhase;
  progress?: SetProgress;
  /** The last refusal or failure, in words (unknown hash, not enough space, a file that failed). */
  error?: string;
  notice?: string;
}

export interface ModelsState {
  open: boolean;
  sets: Record<string, SetView>;
  storage?: { usage: number; quota: number };
  setOpen(open: boolean): void;
  refresh(setId: string): Promise<void>;
  accept(setId: string, accepted: boolean): void;
  install(setId: string): Promise<void>;
  pause(setId: string): void;
  cancel(setId: string): Promise<void>;
  remove(setId: string): Promise<void>;
  verify(setId: string): Promise<void>;
}

export interface ModelsDeps {
  client: StoreClient;
  storage?: StorageApi;
  filesOf(set: ModelSet): Promise<SetFile[]>;
  /** Where licence acceptance is remembered (localStorage in the browser). */
  prefs?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Files made on this device from a set's files (float32 variants): verified and deleted with the set. */
  derivedPaths?: (set: ModelSet) => string[];
  /** Told when an install completed or a set was deleted (device fit then derives or re-checks). */
  onChanged?: (setId: string, change: 'installed' | 'deleted') => void;
}

const acceptKey = (setId: string) => `lumen.licence-accepted.${setId}`;

export function createModelsStore(deps: ModelsDeps, sets: ModelSet[] = MODEL_SETS) {
  const controllers = new Map<string, AbortController>();
  const running = new Map<string, Promise<void>>();
  return create<ModelsState>((setState, get) => {
    const patch = (id: string, p: Partial<SetView>) =>
      setState((s) => ({ sets: { ...s.sets, [id]: { ...s.sets[id], ...p } } }));
    const files = async (id: string) => {
      const known = get().sets[id].files;
      if (known) return known;
      const list = await deps.filesOf(modelSetById(id));
      patch(id, { files: list });
      return list;
    };
    const refreshStorage = async () => {
      const e = await deps.storage?.estimate().catch(() => undefined);
      if (e?.quota !== undefined && e.usage !== undefined) setState({ storage: { usage: e.usage, quota: e.quota } });
    };
    const refresh = async (id: string) => {
      try {
        const list = await files(id);
        patch(id, { states: await setStatus(list, deps.client) });
      } catch (e) {
        patch(id, { error: (e as Error).message });
      }
      await refreshStorage();
    };
    // Runs one action per set at a time; the panel disables its buttons meanwhile.
    const exclusive = async (id: string, phase: SetPhase, fn: (list: SetFile[]) => Promise<string | undefined>) => {
      if (get().sets[id].phase !== 'idle') return;
      patch(id, { phase, error: undefined, notice: undefined, progress: undefined });
      const job = (async () => {
        try {
          patch(id, { notice: await fn(await files(id)) });
        } catch (e) {
          if ((e as Error).name !== 'AbortError') patch(id, { error: (e as Error).message });
        } finally {
          // The last progress stays up (where a pause stopped, or the finished total) until the next action.
          patch(id, { phase: 'idle' });
          await refresh(id);
        }
      })();
      running.set(id, job);
      await job;
      running.delete(id);
    };

    return {
      open: false,
      sets: Object.fromEntries(sets.map((s) => [s.id, {
        states: {}, phase: 'idle' as SetPhase, accepted: deps.prefs?.getItem(acceptKey(s.id)) === 'yes',
      }])),
      setOpen(open) {
        setState({ open });
        if (open) for (const s of sets) void get().refresh(s.id);
      },
      refresh,
      accept(id, accepted) {
        if (accepted) deps.prefs?.setItem(acceptKey(id), 'yes');
        else deps.prefs?.removeItem(acceptKey(id));
        patch(id, { accepted });
      },
      install: (id) => exclusive(id, 'installing', async (list) => {
        if (!get().sets[id].accepted) throw new Error('Accept the licence terms of this set before downloading it.');
        const controller = new AbortController();
        controllers.set(id, controller);
        try {
          const r = await installSet(list, deps.client, deps.storage, {
            signal: controller.signal,
            onProgress: (progress) => patch(id, { progress, states: progress.files }),
          });
          if (r.failed.length) throw new Error(r.failed.map((f) => f.error.message).join('\n'));
          deps.onChanged?.(id, 'installed');
          return r.bytesFetched ? 'Installed.' : 'Already installed: nothing was downloaded.';
        } finally {
          controllers.delete(id);
        }
      }),
      pause(id) {
        controllers.get(id)?.abort();
      },
      async cancel(id) {
        controllers.get(id)?.abort();
        await running.get(id);
        await exclusive(id, 'deleting', async (list) => {
          await discardPartials(list, deps.client);
          return 'Cancelled: unfinished files were deleted.';
        });
      },
      remove: (id) => exclusive(id, 'deleting', async (list) => {
        await deleteSet(list, deps.client);
        for (const p of deps.derivedPaths?.(modelSetById(id)) ?? []) await deps.client.remove(p);
        deps.onChanged?.(id, 'deleted');
        return 'Deleted.';
      }),
      verify: (id) => exclusive(id, 'verifying', async (list) => {
        // Missing and partial files answer ok: false with no hash; only a stored file that re-hashed wrong is bad.
        const derived = await Promise.all((deps.derivedPaths?.(modelSetById(id)) ?? []).map((p) => deps.client.verify(p)));
        const bad = [...(await verifySet(list, deps.client)), ...derived].filter((v) => !v.ok && v.sha256 !== '');
        return bad.length ? `${bad.length} file(s) failed verification and were deleted; install again.` : 'All stored files verified.';
      }),
    };
  });
}

/** The store worker behind the bridge, as a StoreClient. */
function workerClient(): StoreClient {
  const bridge = createWorkerBridge<StoreApi>({
    name: 'store',
    spawn: () => new Worker(new URL('../../workers/store.worker.ts', import.meta.url), { type: 'module', name: 'store' }),
  });
  return {
    download: (entry, onProgress, signal) => bridge.call((api) => api.download(entry, Comlink.proxy(onProgress)), signal),
    status: (path) => bridge.call((api) => api.status(path)),
    remove: (path) => bridge.call((api) => api.remove(path)),
    verify: (path) => bridge.call((api) => api.verify(path)),
  };
}

export const useModels = createModelsStore({
  client: workerClient(),
  storage: typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : undefined,
  filesOf: (set) => rememberedFiles(set, () => loadSetFiles(set, setBaseUrl(set)), typeof localStorage !== 'undefined' ? localStorage : undefined),
  prefs: typeof localStorage !== 'undefined' ? localStorage : undefined,
  derivedPaths: (set) => [...variantStorePaths(set), ...compiledStorePaths(set)],
  // A GPU without shader-f16 gets its float32 variants right after the install.
  onChanged: (setId, change) => void (change === 'installed' ? useDeviceFit.getState().derive(setId) : useDeviceFit.getState().refresh(setId)),
});
