// The model manager's view of device fit: per set, which variant and provider each graph gets on this
// device and why (src/runtime/device-fit.ts), and the derivation of float32 variants when the GPU lacks
// shader-f16, one graph after another in the derive worker, with progress and cancel. The stage workers
// make the same choice themselves from OPFS; this store only shows it and starts the work.
import { create } from 'zustand';
import type { GraphKey, ModelSet } from '../../models/model-set';
import { MODEL_SETS, modelSetById } from '../../models/sets/index';
import type { DeriveApi } from '../../workers/derive.worker';
import type { DeriveProgress } from '../jobs/derive-api';
import { createWorkerBridge } from '../backends/worker-bridge';
import { workerClient } from '../backends/worker-client';
import { createJobs } from '../leaf/jobs';
import type { Capabilities } from '../runtime/capabilities';
import { fitDevice, type DeviceFit } from '../runtime/device-fit';
import { completeStoredFile, opfsRoot } from '../runtime/stored-files';
import { storedVariants, type DerivedVariant } from '../runtime/variants';
import { storePathOf } from '../store/set-install';
import { useCapabilities } from './capabilities';

export interface DeriveStatus {
  key: GraphKey;
  /** 1-based position among the graphs being derived. */
  index: number;
  count: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface FitView {
  fit?: DeviceFit;
  phase: 'idle' | 'deriving';
  progress?: DeriveStatus;
  error?: string;
  notice?: string;
}

export interface DeviceFitState {
  sets: Record<string, FitView>;
  refresh(setId: string): Promise<void>;
  /** Derives every float32 variant this device wants whose float16 original is installed. */
  derive(setId: string): Promise<void>;
  cancel(setId: string): void;
}

export interface DeviceFitDeps {
  caps(): Promise<Capabilities>;
  variants(set: ModelSet): Promise<Partial<Record<GraphKey, DerivedVariant>>>;
  installed(set: ModelSet, key: GraphKey): Promise<boolean>;
  derive(setId: string, key: GraphKey, onProgress: (p: DeriveProgress) => void, signal: AbortSignal): Promise<unknown>;
}

export function createDeviceFitStore(deps: DeviceFitDeps, sets: ModelSet[] = MODEL_SETS) {
  const jobs = createJobs<string>();
  return create<DeviceFitState>((setState, get) => {
    const patch = (id: string, p: Partial<FitView>) => setState((s) => ({ sets: { ...s.sets, [id]: { ...s.sets[id], ...p } } }));
    const refresh = async (id: string) => {
      const set = modelSetById(id);
      try {
        patch(id, { fit: fitDevice(set, await deps.caps(), await deps.variants(set)) });
      } catch (e) {
        patch(id, { error: (e as Error).message });
      }
    };
    return {
      sets: Object.fromEntries(sets.map((s) => [s.id, { phase: 'idle' as const }])),
      refresh,
      async derive(id) {
        if (get().sets[id].phase !== 'idle') return;
        const set = modelSetById(id);
        patch(id, { phase: 'deriving', error: undefined, notice: undefined, progress: undefined });
        await jobs.run(id, async (signal) => {
          try {
            await refresh(id);
            const wanted = get().sets[id].fit?.deriveWanted ?? [];
            const ready: GraphKey[] = [];
            for (const key of wanted) if (await deps.installed(set, key)) ready.push(key);
            for (const [i, key] of ready.entries()) {
              if (signal.aborted) break;
              patch(id, { progress: { key, index: i + 1, count: ready.length, bytesDone: 0, bytesTotal: 0 } });
              await deps.derive(
                id,
                key,
                (p) =>
                  patch(id, { progress: { key, index: i + 1, count: ready.length, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal } }),
                signal,
              );
            }
            if (signal.aborted) patch(id, { notice: 'Cancelled: unfinished variants were deleted.' });
            else if (ready.length)
              patch(id, { notice: `Derived ${ready.length} float32 graph${ready.length > 1 ? 's' : ''} for this GPU.` });
            else if (wanted.length)
              patch(id, { notice: 'Install the set first: the float32 variants are derived from its float16 graphs.' });
          } catch (e) {
            if ((e as Error).name === 'AbortError') patch(id, { notice: 'Cancelled: unfinished variants were deleted.' });
            else patch(id, { error: (e as Error).message });
          } finally {
            patch(id, { phase: 'idle' });
            await refresh(id);
          }
        });
      },
      cancel: (id) => jobs.abort(id),
    };
  });
}

function workerDeriver(): DeviceFitDeps['derive'] {
  const bridge = createWorkerBridge<DeriveApi>({
    name: 'derive',
    spawn: () => new Worker(new URL('../../workers/derive.worker.ts', import.meta.url), { type: 'module', name: 'derive' }),
  });
  return workerClient(bridge).derive;
}

export const useDeviceFit = createDeviceFitStore({
  caps: async () => {
    const c = useCapabilities.getState();
    return c.caps ?? (await c.probe());
  },
  variants: async (set) => {
    const root = await opfsRoot();
    return root ? storedVariants(root, set) : {};
  },
  installed: async (set, key) => {
    const root = await opfsRoot();
    return !!root && !!(await completeStoredFile(root, storePathOf(set.id, set.graphs[key].path)));
  },
  derive: workerDeriver(),
});

// The forced provider rides in the capabilities: when the switch changes them, the fits shown follow.
useCapabilities.subscribe((s, prev) => {
  if (s.caps === prev.caps || !prev.caps) return;
  for (const [id, view] of Object.entries(useDeviceFit.getState().sets)) if (view.fit) void useDeviceFit.getState().refresh(id);
});
