// The estimate shown before a run: settings × device class × this device's calibration, for a warm run
// (workers started, sessions loaded) and, when the next run will be the first since the page loaded, for
// a cold one. The calibration is reloaded when the set or the device changes and after every finished run.
import { create } from 'zustand';
import { type Calibration, type Estimate, type EstimateSettings, estimateRun } from '../pipeline/estimate';
import { coldStartGuess } from '../pipeline/estimate-cold';
import type { StageId } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';
import type { Capabilities } from '../runtime/capabilities';
import type { ModelSet } from '../../models/model-set';
import { modelSetById } from '../../models/sets';
import { useCapabilities } from './capabilities';
import { type ColdRun, loadCalibration, loadColdRun, recordColdRun, recordRun } from './calibration';
import { useInput } from './input';
import { useSettings } from './settings';
import type { StageMap } from './stages';

interface WarmthState {
  version: number;
  /** Sets whose workers hold loaded sessions in this page (a finished local run, no failure since). */
  warm: string[];
  bump(): void;
  setWarm(setId: string, warm: boolean): void;
}

export const useWarmth = create<WarmthState>((set, get) => ({
  version: 0,
  warm: [],
  bump: () => set({ version: get().version + 1 }),
  setWarm: (setId, warm) => set({ warm: [...get().warm.filter((id) => id !== setId), ...(warm ? [setId] : [])] }),
}));

export interface RunEstimate extends Estimate {
  /** Whether the next run starts the workers and loads the graphs. */
  cold: boolean;
  /** Extra milliseconds of a cold run, and whether that figure was measured on this device. */
  coldMs: number;
  coldMeasured: boolean;
  /** Graphs and their bytes a cold run loads. */
  coldGraphs: number;
  coldBytes: number;
  /** The next run's figure: totalMs, plus coldMs when it is cold. */
  nextMs: number;
}

/** Pure: the warm figure, and the cold overhead from a measured cold run or else the guess. */
export function runEstimate(
  set: ModelSet,
  s: EstimateSettings,
  caps: Capabilities,
  cold: boolean,
  calibration: Calibration = {},
  coldRun?: ColdRun,
): RunEstimate {
  const warm = estimateRun(set, s, caps, calibration);
  const guess = coldStartGuess(set, s, caps);
  // The measured cold run minus what a warm run with its settings takes by the current warm pace, so the
  // overhead improves as the warm calibration does.
  const measured = coldRun ? Math.max(0, coldRun.wallMs - estimateRun(set, coldRun.settings, caps, calibration).totalMs) : undefined;
  const coldMs = measured ?? guess.ms;
  return {
    ...warm,
    cold,
    coldMs,
    coldMeasured: measured !== undefined,
    coldGraphs: guess.graphs,
    coldBytes: guess.bytes,
    nextMs: warm.totalMs + (cold ? coldMs : 0),
  };
}

/** The estimate for the current settings, or undefined until the device has been probed. */
export function useEstimate(): RunEstimate | undefined {
  const set = useSettings((s) => s.set);
  const values = useSettings((s) => s.values);
  const caps = useCapabilities((s) => s.caps);
  const upload = useInput((s) => Boolean(s.upload));
  const version = useWarmth((s) => s.version);
  const cold = useWarmth((s) => !s.warm.includes(set.id));
  if (!caps) return undefined;
  void version; // re-read the calibration after each recorded run
  return runEstimate(set, { ...values, skipTextToImage: upload }, caps, cold, loadCalibration(caps, set), loadColdRun(caps, set));
}

/**
 * After a successful local run: a cold one is kept whole (its wall time), a warm one teaches the stages'
 * pace. Either way this set's workers are warm now.
 */
export function recordFinishedRun(request: GenerateRequest, stages: StageMap, run: { cold: boolean; wallMs: number }): void {
  const caps = useCapabilities.getState().caps;
  if (!caps) return;
  const set = modelSetById(request.setId);
  const { imageSteps, numParts, tokensPerPart, guidance, partSteps, gridResolution } = request;
  const settings: EstimateSettings = {
    imageSteps,
    numParts,
    tokensPerPart,
    guidance,
    partSteps,
    gridResolution,
    skipTextToImage: Boolean(request.image),
  };
  if (run.cold) {
    recordColdRun(caps, set, { settings, wallMs: run.wallMs });
  } else {
    const measured: Partial<Record<StageId, number>> = {};
    for (const [id, s] of Object.entries(stages) as [StageId, StageMap[StageId]][]) {
      if (s.status === 'done' && s.ms !== undefined) measured[id] = s.ms;
    }
    recordRun(caps, set, settings, measured);
  }
  useWarmth.getState().setWarm(set.id, true);
  useWarmth.getState().bump();
}

/** Whether the next run of this set starts cold. */
export function isCold(setId: string): boolean {
  return !useWarmth.getState().warm.includes(setId);
}
