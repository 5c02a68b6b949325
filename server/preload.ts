// Loading every graph of the configured sets, in the background from boot (or again on POST /preload):
// /health/ready answers 503 until each set is loaded, and /health reports the provider each graph
// actually took (onnxruntime-node falls back along the configured list), not the list itself.
import { GRAPH_KEYS, type ModelSet } from '../models/model-set';
import type { StageContext } from '../src/runtime/context';
import { publicError } from './errors';

export interface SetStatus {
  id: string;
  state: 'loading' | 'ready' | 'failed';
  /** Graph key → the execution provider it runs on. */
  providers: Record<string, string>;
  error?: string;
  ms?: number;
}

export function createPreloader(sets: ReadonlyMap<string, { set: ModelSet; ctx: StageContext }>, onLoaded?: (s: SetStatus) => void) {
  const status = new Map<string, SetStatus>();
  for (const id of sets.keys()) status.set(id, { id, state: 'loading', providers: {} });
  let running: Promise<void> | undefined;

  async function loadSet(id: string, set: ModelSet, ctx: StageContext) {
    const t0 = performance.now();
    const s: SetStatus = { id, state: 'loading', providers: {} };
    status.set(id, s);
    try {
      for (const key of GRAPH_KEYS) {
        if (set.unavailable?.[key]) continue;
        const session = await ctx.graphs.get(key);
        s.providers[key] = session.provider;
      }
      s.state = 'ready';
    } catch (e) {
      s.state = 'failed';
      s.error = publicError(e).message;
    }
    s.ms = Math.round(performance.now() - t0);
    onLoaded?.(s);
  }

  return {
    /** Starts loading (once at a time); resolves when every set has settled. */
    start(): Promise<void> {
      running ??= (async () => {
        for (const [id, { set, ctx }] of sets) await loadSet(id, set, ctx);
      })().finally(() => (running = undefined));
      return running;
    },
    status: () => [...status.values()],
    ready: () => [...status.values()].every((s) => s.state === 'ready'),
    /** The providers actually in use, over every loaded graph. */
    providers: () => [...new Set([...status.values()].flatMap((s) => Object.values(s.providers)))],
  };
}
