// The model manager's "Compile PartCrafter" state: per set with built-on-device graphs, what the store
// holds of them, which variant this device compiles and why, what a compile reads and writes (from the
// checkpoint's headers), the running compile's progress with speed and time left, and pause (abort: the
// checkpoints stay), resume (compile again: it continues from them) and cancel (abort, then delete the
// partial outputs). The work runs in the compile worker (workers/compile.worker.ts).
import { create } from 'zustand';
import { createJobs } from '../leaf/jobs';
import type { GraphKey, ModelSet } from '../../models/model-set';
import { MODEL_SETS, modelSetById } from '../../models/sets/index';
import type { Capabilities } from '../runtime/capabilities';
import { compileVariantFor, type VariantChoice } from '../runtime/compile-variant';
import type { CompileClient } from '../jobs/compile-api';
import type { CompileEvent, CompileSummary } from '../jobs/compile-job';
import type { HubSource, ResolvedSource } from '../jobs/compile-source';
import type { CompiledGraphState, CompiledState } from '../jobs/compile-state';
import { compiledGraphs } from '../jobs/compiled-paths';
import { compileWorkerClient } from '../backends/compile-client';
import { hostBase, requestHeaders } from '../store/hosts';
import { speedMeter } from '../store/set-install';
import { useCapabilities } from './capabilities';
import { useDeviceFit } from './device-fit';
import { useModels } from './models';

export interface Inspection extends ResolvedSource {
  summary: CompileSummary;
}

export interface CompileProgressView {
  graphIndex: number;
  graphCount: number;
  key: GraphKey;
  /** 1-based tensor just written, of `tensorCount`. */
  tensor: number;
  tensorCount: number;
  bytesDone: number;
  bytesTotal: number;
  speed: number;
  etaSeconds?: number;
}

export type CompilePhase = 'idle' | 'checking' | 'compiling' | 'cancelling' | 'deleting';

export interface CompileView {
  phase: CompilePhase;
  accepted: boolean;
  choice?: VariantChoice;
  graphs?: CompiledGraphState[];
  inspection?: Inspection;
  progress?: CompileProgressView;
  error?: string;
  notice?: string;
}

export interface CompileState {
  sets: Record<string, CompileView>;
  refresh(setId: string): Promise<void>;
  /** Reads the checkpoint's configs and headers: sizes to read and write, or the mismatch named. */
  inspect(setId: string): Promise<void>;
  accept(setId: string, accepted: boolean): void;
  compile(setId: string): Promise<void>;
  pause(setId: string): void;
  cancel(setId: string): Promise<void>;
  /** Deletes every compiled graph of the set (the set's own delete removes them too). */
  remove(setId: string): Promise<void>;
}

export interface CompileDeps {
  client: CompileClient;
  caps(): Promise<Capabilities>;
  /** The model store's host: base URL and the headers a request there carries. */
  host(): { base: string; headers?: Record<string, string> };
  prefs?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => number;
  /** Told after graphs were compiled or discarded (device fit re-checks). */
  onChanged?: (setId: string) => void;
}

const acceptKey = (setId: string) => `lumen.licence-accepted.compile.${setId}`;

/** Whether every graph is stored complete with exactly these options. */
export function allCompiled(graphs: CompiledGraphState[] | undefined, choice: VariantChoice | undefined): boolean {
  if (!graphs?.length || !choice) return false;
  return graphs.every((g) => g.state.kind === 'complete' && JSON.stringify(g.state.options) === JSON.stringify(choice.options));
}

export function createCompileStore(deps: CompileDeps, sets: ModelSet[] = MODEL_SETS) {
  // The running action per set: pause aborts that set's job only.
  const jobs = createJobs<string>();
  const now = deps.now ?? Date.now;
  const own = sets.filter((s) => compiledGraphs(s).length > 0 && s.compiledFrom);
  return create<CompileState>((setState, get) => {
    const patch = (id: string, p: Partial<CompileView>) => setState((s) => ({ sets: { ...s.sets, [id]: { ...s.sets[id], ...p } } }));
    const hubOf = (id: string): HubSource => ({ ...modelSetById(id).compiledFrom!, ...deps.host() });
    const refresh = async (id: string) => {
      try {
        patch(id, { choice: compileVariantFor(await deps.caps()), graphs: await deps.client.status(id) });
      } catch (e) {
        patch(id, { error: (e as Error).message });
      }
    };
    /** One action per set at a time; the section disables its buttons meanwhile. */
    const exclusive = async (id: string, phase: CompilePhase, fn: (signal: AbortSignal) => Promise<string | undefined>) => {
      if (get().sets[id].phase !== 'idle') return;
      patch(id, { phase, error: undefined, notice: undefined });
      await jobs.run(id, async (signal) => {
        try {
          if (!get().sets[id].choice) await refresh(id);
          patch(id, { notice: await fn(signal) });
        } catch (e) {
          const err = e as Error;
          patch(
            id,
            err.name === 'AbortError'
              ? { notice: 'Paused: what is compiled so far is kept; Resume continues from there.' }
              : { error: err.message },
          );
        } finally {
          patch(id, { phase: 'idle' });
          await refresh(id);
        }
      });
    };
    // The worker owns the files while it compiles, so the rows follow its events instead of asking.
    const setGraph = (id: string, key: GraphKey, state: CompiledState) =>
      patch(id, { graphs: get().sets[id].graphs?.map((g) => (g.key === key ? { ...g, state } : g)) });
    const onEvent = (id: string) => {
      const meter = speedMeter();
      return (e: CompileEvent) => {
        if (e.status === 'planned') {
          patch(id, {
            inspection: { ...(get().sets[id].inspection ?? { location: e.summary.source }), summary: e.summary },
            graphs: e.summary.graphs,
          });
        }
        if (e.status === 'graph-done') setGraph(id, e.key, e.state);
        if (e.status !== 'tensor') return;
        const { options, source } = get().sets[id].inspection!.summary;
        setGraph(id, e.key, {
          kind: 'partial',
          bytesDone: e.graphBytesDone,
          bytesTotal: e.graphBytesTotal,
          tensorsDone: e.index + 1,
          options,
          source,
        });
        const speed = meter(now(), e.bytesDone);
        patch(id, {
          progress: {
            graphIndex: e.graphIndex,
            graphCount: e.graphCount,
            key: e.key,
            tensor: e.index + 1,
            tensorCount: e.count,
            bytesDone: e.bytesDone,
            bytesTotal: e.bytesTotal,
            speed,
            etaSeconds: speed > 0 ? (e.bytesTotal - e.bytesDone) / speed : undefined,
          },
        });
      };
    };

    return {
      sets: Object.fromEntries(
        own.map((s) => [s.id, { phase: 'idle' as CompilePhase, accepted: deps.prefs?.getItem(acceptKey(s.id)) === 'yes' }]),
      ),
      refresh,
      inspect: (id) =>
        exclusive(id, 'checking', async (signal) => {
          patch(id, { inspection: await deps.client.inspect(id, hubOf(id), get().sets[id].choice!.options, signal) });
          return undefined;
        }),
      accept(id, accepted) {
        if (accepted) deps.prefs?.setItem(acceptKey(id), 'yes');
        else deps.prefs?.removeItem(acceptKey(id));
        patch(id, { accepted });
      },
      compile: (id) =>
        exclusive(id, 'compiling', async (signal) => {
          if (!get().sets[id].accepted) throw new Error('Accept the licence terms of the PartCrafter weights before compiling them.');
          patch(id, { progress: undefined });
          try {
            const r = await deps.client.compile(id, hubOf(id), get().sets[id].choice!.options, onEvent(id), signal);
            patch(id, { inspection: r });
            return 'Compiled: the PartCrafter graphs are in the model store.';
          } finally {
            deps.onChanged?.(id);
          }
        }),
      pause: (id) => jobs.abort(id),
      async cancel(id) {
        jobs.abort(id);
        await jobs.settled(id);
        await exclusive(id, 'cancelling', async () => {
          const removed = await deps.client.discard(id);
          patch(id, { progress: undefined });
          deps.onChanged?.(id);
          return removed.length
            ? `Cancelled: the unfinished graphs (${removed.join(', ')}) and their checkpoints were deleted.`
            : 'Cancelled.';
        });
      },
      remove: (id) =>
        exclusive(id, 'deleting', async () => {
          const removed = await deps.client.remove(id);
          patch(id, { progress: undefined });
          deps.onChanged?.(id);
          return removed.length ? `Deleted the compiled graphs (${removed.join(', ')}).` : 'Nothing was compiled.';
        }),
    };
  });
}

/** The host the model store reads the real sets from (its settings), with the token only for huggingface.co. */
function storeHost(): { base: string; headers?: Record<string, string> } {
  const host = useModels.getState().host;
  const base = hostBase(host);
  const headers = requestHeaders(base, host);
  return Object.keys(headers).length ? { base, headers } : { base };
}

export const useCompile = createCompileStore({
  client: compileWorkerClient(),
  caps: () => {
    const c = useCapabilities.getState();
    return c.caps ? Promise.resolve(c.caps) : c.probe();
  },
  host: storeHost,
  prefs: typeof localStorage !== 'undefined' ? localStorage : undefined,
  onChanged: (setId) => void useDeviceFit.getState().refresh(setId),
});
