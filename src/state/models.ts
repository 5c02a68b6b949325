// The model manager's state: per set, its files and their stored state, licence acceptance, the running
// install's progress, and the browser's storage figures; plus the host the real sets come from. The work
// itself is src/store/ (set-install.ts, set-import.ts); this store only sequences it and keeps what the
// panel shows.
import { create } from 'zustand';
import type { ModelSet } from '../../models/model-set';
import { MODEL_SETS, modelSetById } from '../../models/sets/index';
import { setBaseUrl } from '../runtime/set-base-url';
import { hostBase, HostSettingsError, loadHostSettings, normalizeMirrorUrl, saveHostSettings, type HostSettings } from '../store/hosts';
import type { HostLookup } from '../store/host-hashes';
import type { PickedFile } from '../store/import-match';
import { importSet, type ImportReport } from '../store/set-import';
import {
  deleteSet,
  discardPartials,
  installSet,
  loadSetFiles,
  setStatus,
  verifySet,
  type FileState,
  type SetFile,
  type SetProgress,
  type StorageApi,
} from '../store/set-install';
import type { StoreClient } from '../store/store-api';
import { storeWorkerClient } from '../backends/store-client';
import { madeOnDevicePaths } from '../jobs/compiled-paths';
import { createJobs } from '../leaf/jobs';
import { useDeviceFit } from './device-fit';
import { rememberedFiles } from './remembered-files';

export type SetPhase = 'idle' | 'loading' | 'installing' | 'importing' | 'verifying' | 'deleting';

export interface SetView {
  files?: SetFile[];
  states: Record<string, FileState>;
  accepted: boolean;
  phase: SetPhase;
  progress?: SetProgress;
  /** The last refusal or failure, in words (unknown hash, not enough space, a file that failed). */
  error?: string;
  notice?: string;
  /** Things the user was told during the last install (a host's file changed). */
  notes?: string[];
  importReport?: ImportReport;
}

export interface ModelsState {
  open: boolean;
  sets: Record<string, SetView>;
  storage?: { usage: number; quota: number };
  /** Whether the browser promised not to evict this origin's storage (undefined: unknown). */
  persisted?: boolean;
  host: HostSettings;
  hostError?: string;
  setOpen(open: boolean): void;
  refresh(setId: string): Promise<void>;
  accept(setId: string, accepted: boolean): void;
  install(setId: string): Promise<void>;
  importFiles(setId: string, picked: PickedFile[]): Promise<void>;
  pause(setId: string): void;
  cancel(setId: string): Promise<void>;
  remove(setId: string): Promise<void>;
  verify(setId: string): Promise<void>;
  /** Validates and saves the host; a real set's file list is rebuilt over the new base. */
  setHost(host: HostSettings): boolean;
  requestPersist(): Promise<void>;
}

export interface ModelsDeps {
  client: StoreClient;
  storage?: StorageApi;
  filesOf(set: ModelSet, host: HostSettings): Promise<SetFile[]>;
  /** Where licence acceptance and the host are remembered (localStorage in the browser). */
  prefs?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetchFn?: typeof fetch;
  /** Files made on this device from a set's files (float32 variants): verified and deleted with the set. */
  derivedPaths?: (set: ModelSet) => string[];
  /** Told when an install completed or a set was deleted (device fit then derives or re-checks). */
  onChanged?: (setId: string, change: 'installed' | 'deleted') => void;
}

const acceptKey = (setId: string) => `lumen.licence-accepted.${setId}`;

export function createModelsStore(deps: ModelsDeps, sets: ModelSet[] = MODEL_SETS) {
  // The running action per set: pause aborts that set's job only.
  const jobs = createJobs<string>();
  return create<ModelsState>((setState, get) => {
    const patch = (id: string, p: Partial<SetView>) => setState((s) => ({ sets: { ...s.sets, [id]: { ...s.sets[id], ...p } } }));
    const files = async (id: string) => {
      const known = get().sets[id].files;
      if (known) return known;
      const list = await deps.filesOf(modelSetById(id), get().host);
      patch(id, { files: list });
      return list;
    };
    const lookup = (): HostLookup => ({ settings: get().host, base: hostBase(get().host), fetchFn: deps.fetchFn });
    const refreshStorage = async () => {
      const e = await deps.storage?.estimate().catch(() => undefined);
      if (e?.quota !== undefined && e.usage !== undefined) setState({ storage: { usage: e.usage, quota: e.quota } });
      const persisted = await deps.storage?.persisted?.().catch(() => undefined);
      if (persisted !== undefined) setState({ persisted });
    };
    /** keepErrors: a file that failed in the action just ended stays marked failed (with its message). */
    const refresh = async (id: string, keepErrors = false) => {
      try {
        const list = await files(id);
        const prev = get().sets[id].states;
        const next = await setStatus(list, deps.client);
        if (keepErrors) {
          for (const [path, st] of Object.entries(prev)) {
            if (st.kind === 'error' && next[path] && next[path].kind !== 'complete')
              next[path] = { ...st, bytesDone: next[path].bytesDone };
          }
        }
        patch(id, { states: next });
      } catch (e) {
        patch(id, { error: (e as Error).message });
      }
      await refreshStorage();
    };
    // Runs one action per set at a time; the panel disables its buttons meanwhile.
    const exclusive = async (id: string, phase: SetPhase, fn: (list: SetFile[], signal: AbortSignal) => Promise<string | undefined>) => {
      if (get().sets[id].phase !== 'idle') return;
      patch(id, { phase, error: undefined, notice: undefined, progress: undefined, notes: undefined, importReport: undefined });
      await jobs.run(id, async (signal) => {
        try {
          patch(id, { notice: await fn(await files(id), signal) });
        } catch (e) {
          if ((e as Error).name !== 'AbortError') patch(id, { error: (e as Error).message });
        } finally {
          // The last progress stays up (where a pause stopped, or the finished total) until the next action.
          patch(id, { phase: 'idle' });
          await refresh(id, phase === 'installing' || phase === 'importing');
        }
      });
    };
    const onProgress = (id: string) => (progress: SetProgress) =>
      patch(id, { progress, states: progress.files, ...(progress.notes.length ? { notes: progress.notes } : {}) });

    return {
      open: false,
      sets: Object.fromEntries(
        sets.map((s) => [
          s.id,
          {
            states: {},
            phase: 'idle' as SetPhase,
            accepted: deps.prefs?.getItem(acceptKey(s.id)) === 'yes',
          },
        ]),
      ),
      host: loadHostSettings(deps.prefs),
      setOpen(open) {
        setState({ open });
        if (open) for (const s of sets) void get().refresh(s.id);
      },
      refresh: (id) => refresh(id),
      accept(id, accepted) {
        if (accepted) deps.prefs?.setItem(acceptKey(id), 'yes');
        else deps.prefs?.removeItem(acceptKey(id));
        patch(id, { accepted });
      },
      install: (id) =>
        exclusive(id, 'installing', async (list, signal) => {
          if (!get().sets[id].accepted) throw new Error('Accept the licence terms of this set before downloading it.');
          const r = await installSet(list, deps.client, deps.storage, {
            signal,
            host: lookup(),
            onFiles: (f) => patch(id, { files: f }),
            onProgress: onProgress(id),
          });
          if (r.failed.length) throw new Error(r.failed.map((f) => f.error.message).join('\n'));
          deps.onChanged?.(id, 'installed');
          return r.bytesFetched ? 'Installed.' : 'Already installed: nothing was downloaded.';
        }),
      importFiles: (id, picked) =>
        exclusive(id, 'importing', async (list, signal) => {
          if (!get().sets[id].accepted) throw new Error('Accept the licence terms of this set before installing it.');
          const r = await importSet(list, picked, deps.client, deps.storage, {
            signal,
            host: lookup(),
            onFiles: (f) => patch(id, { files: f }),
            onProgress: onProgress(id),
          });
          patch(id, { importReport: r });
          if (r.imported.length) deps.onChanged?.(id, 'installed');
          if (r.problems.length) throw new Error(r.problems.map((p) => p.message).join('\n'));
          const left = r.missing.length ? ` ${r.missing.length} file(s) of the set were not among them.` : '';
          return `Imported ${r.imported.length} file(s)${r.already.length ? `, ${r.already.length} already installed` : ''}.${left}`;
        }),
      pause: (id) => jobs.abort(id),
      async cancel(id) {
        jobs.abort(id);
        await jobs.settled(id);
        await exclusive(id, 'deleting', async (list) => {
          await discardPartials(list, deps.client);
          return 'Cancelled: unfinished files were deleted.';
        });
      },
      remove: (id) =>
        exclusive(id, 'deleting', async (list) => {
          await deleteSet(list, deps.client);
          for (const p of deps.derivedPaths?.(modelSetById(id)) ?? []) await deps.client.remove(p);
          deps.onChanged?.(id, 'deleted');
          return 'Deleted.';
        }),
      verify: (id) =>
        exclusive(id, 'verifying', async (list) => {
          // Missing and partial files answer ok: false with no hash; only a stored file that re-hashed wrong is bad.
          // A variant being derived right now is busy, not bad: it is checked when it is done.
          const derived = await Promise.all(
            (deps.derivedPaths?.(modelSetById(id)) ?? []).map((p) =>
              deps.client.verify(p).catch((e: Error) => (e.name === 'FileBusyError' ? null : Promise.reject(e))),
            ),
          );
          const checked = [...(await verifySet(list, deps.client)), ...derived].filter((v) => v !== null);
          const bad = checked.filter((v) => !v.ok && v.sha256 !== '');
          if (!bad.length) return 'All stored files verified.';
          throw new Error(
            `${bad.length} file(s) failed verification and were deleted: ${bad.map((b) => b.path).join(', ')}. Install again to fetch them.`,
          );
        }),
      setHost(host) {
        let clean: HostSettings;
        try {
          clean = {
            ...host,
            token: host.token.trim(),
            mirrorUrl: host.kind === 'mirror' ? normalizeMirrorUrl(host.mirrorUrl) : host.mirrorUrl.trim(),
          };
        } catch (e) {
          if (!(e instanceof HostSettingsError)) throw e;
          setState({ hostError: e.message });
          return false;
        }
        saveHostSettings(deps.prefs, clean);
        setState({ host: clean, hostError: undefined });
        // URLs (and so what a stored copy is checked against) depend on the host: rebuild the real sets' lists.
        for (const s of sets) if (s.kind === 'real') patch(s.id, { files: undefined });
        if (get().open) for (const s of sets) if (s.kind === 'real') void refresh(s.id);
        return true;
      },
      async requestPersist() {
        const granted = await deps.storage?.persist?.().catch(() => false);
        setState({ persisted: granted ?? false });
      },
    };
  });
}

export const useModels = createModelsStore({
  client: storeWorkerClient(),
  storage: typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : undefined,
  // The last list that loaded is kept, so an offline page still lists, verifies and deletes what is installed.
  filesOf: (set, host) =>
    rememberedFiles(set, () => loadSetFiles(set, setBaseUrl(set), host), typeof localStorage !== 'undefined' ? localStorage : undefined),
  prefs: typeof localStorage !== 'undefined' ? localStorage : undefined,
  derivedPaths: madeOnDevicePaths,
  // A GPU without shader-f16 gets its float32 variants right after the install.
  onChanged: (setId, change) =>
    void (change === 'installed' ? useDeviceFit.getState().derive(setId) : useDeviceFit.getState().refresh(setId)),
});
