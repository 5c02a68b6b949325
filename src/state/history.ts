// The history strip's state: the stored runs (newest first, with thumbnail URLs), and the actions that
// save a finished run, reopen one exactly (cloud, pictures, settings, names, and its stage outputs so it
// can be re-rolled), rename its parts, delete one or clear all.
import { create } from 'zustand';
import type { StageOutputs } from '../backends/run-plan';
import type { PointCloud } from '../pipeline/point-cloud';
import { deleteRuns, getRun, listRuns, putRun, updateRecord } from '../history/db';
import { decodeRun, encodeRun, type HistoryRecord, newRunId } from '../history/entry';
import { nextTask } from '../leaf/abort';
import { atNextFrame } from '../leaf/frame';
import { formatDateTime } from '../leaf/locale-format';
import { useGeneration } from './generation';
import { useInput } from './input';
import { usePartNames } from './part-names';
import { useSettings } from './settings';
import { initialStages } from './stages';
import { useStageOutputs } from './stage-outputs';

export interface HistoryEntry {
  record: HistoryRecord;
  thumbUrl: string;
}

interface HistoryState {
  entries: HistoryEntry[];
  loaded: boolean;
  /** The entry on screen (just saved or reopened). */
  currentId?: string;
  /** A plain-words problem with the history (quota, no IndexedDB). */
  error?: string;
  refresh(): Promise<void>;
  save(outputs: StageOutputs, cloud: PointCloud, partNames: string[], thumbnail: Blob): Promise<void>;
  reopen(id: string): Promise<void>;
  renameParts(cloud: PointCloud, names: string[]): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

/** The cloud on screen came from this entry (for renames to reach its record). */
let currentCloud: PointCloud | undefined;

/** Counts reopen calls: a later click wins over one still reading or drawing. */
let reopening = 0;

/** Resolves once the page has drawn what is committed (or soon, on a hidden page, which draws no frames). */
function afterFrame(): Promise<void> {
  return new Promise((resolve) => atNextFrame(() => void nextTask().then(resolve), 100));
}

const toEntry = (record: HistoryRecord): HistoryEntry => ({ record, thumbUrl: URL.createObjectURL(record.thumbnail) });

export const useHistory = create<HistoryState>((set, get) => {
  const fail = (e: unknown) => set({ error: (e as Error).message });
  const replace = (records: HistoryRecord[]) => {
    for (const e of get().entries) URL.revokeObjectURL(e.thumbUrl);
    set({ entries: records.map(toEntry), loaded: true });
  };
  return {
    entries: [],
    loaded: false,
    async refresh() {
      try {
        replace(await listRuns());
      } catch (e) {
        set({ loaded: true });
        fail(e);
      }
    },
    async save(outputs, cloud, partNames, thumbnail) {
      const id = newRunId();
      const { record, payload } = encodeRun(id, outputs, cloud, partNames, thumbnail);
      try {
        await putRun(record, payload);
        currentCloud = cloud;
        set({ entries: [toEntry(record), ...get().entries], currentId: id, error: undefined });
      } catch (e) {
        fail(e);
      }
    },
    async reopen(id) {
      if (useGeneration.getState().phase !== 'idle') return;
      const mine = ++reopening;
      try {
        const stored = await getRun(id);
        if (!stored) throw new Error('This run is no longer in the history.');
        const run = await decodeRun(stored.record, stored.payload);
        // Two commits a frame apart, so neither the page's render of the pictures and settings nor that of
        // the cloud and its legend makes one long task on the page's thread.
        await nextTask();
        if (mine !== reopening) return;
        const { request } = run.outputs;
        // The settings and input the run had, so Generate re-rolls from here exactly as after the run itself.
        useSettings.getState().update({
          seed: request.seed,
          imageSteps: request.imageSteps,
          numParts: request.numParts,
          tokensPerPart: request.tokensPerPart,
          guidance: request.guidance,
          partSteps: request.partSteps,
          gridResolution: request.gridResolution,
          pointCount: request.pointCount,
        });
        useInput.getState().setPrompt(request.prompt);
        useStageOutputs.getState().keep(run.outputs);
        useStageOutputs.getState().setPartsSeed(request.partsSeed);
        useGeneration.setState({ image: run.outputs.image, cutout: run.outputs.cutout });
        await afterFrame();
        if (mine !== reopening) return;
        usePartNames.getState().adopt(run.cloud, run.record.partNames);
        currentCloud = run.cloud;
        useGeneration.setState({
          cloud: run.cloud,
          stages: initialStages(false, ['text', 'image', 'cutout', 'parts', 'points']),
          error: undefined,
          notice: `Reopened from the history (${formatDateTime(run.record.createdAt)}).`,
        });
        set({ currentId: id, error: undefined });
      } catch (e) {
        fail(e);
      }
    },
    async renameParts(cloud, names) {
      const entry = get().entries.find((e) => e.record.id === get().currentId);
      if (!entry || cloud !== currentCloud) return;
      const record = { ...entry.record, partNames: [...names] };
      try {
        await updateRecord(record);
        set({ entries: get().entries.map((e) => (e === entry ? { ...e, record } : e)) });
      } catch (e) {
        fail(e);
      }
    },
    async remove(id) {
      try {
        await deleteRuns([id]);
        const gone = get().entries.find((e) => e.record.id === id);
        if (gone) URL.revokeObjectURL(gone.thumbUrl);
        set({ entries: get().entries.filter((e) => e !== gone), currentId: get().currentId === id ? undefined : get().currentId });
      } catch (e) {
        fail(e);
      }
    },
    async clear() {
      try {
        await deleteRuns('all');
        replace([]);
        set({ currentId: undefined });
      } catch (e) {
        fail(e);
      }
    },
  };
});

export function historyBytes(entries: HistoryEntry[]): number {
  return entries.reduce((n, e) => n + e.record.bytes, 0);
}

// Names typed in the legend for the entry on screen reach its record.
usePartNames.subscribe((s) => {
  if (!s.cloud || s.cloud !== currentCloud) return;
  const entry = useHistory.getState().entries.find((e) => e.record.id === useHistory.getState().currentId);
  if (entry && entry.record.partNames.join('\u0000') !== s.names.join('\u0000')) void useHistory.getState().renameParts(s.cloud, s.names);
});
