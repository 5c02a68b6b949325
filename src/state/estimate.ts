// The estimate shown before a run: settings × device class × this device's calibration. The calibration
// is reloaded when the set or the device changes and after every finished run (recordFinishedRun).
import { create } from 'zustand';
import { type Calibration, type Estimate, estimateRun } from '../pipeline/estimate';
import type { StageId } from '../leaf/progress';
import type { GenerateRequest } from '../pipeline/request';
import { modelSetById } from '../../models/sets';
import { useCapabilities } from './capabilities';
import { loadCalibration, recordRun } from './calibration';
import { useInput } from './input';
import { useSettings } from './settings';
import type { StageMap } from './stages';

interface CalibrationState {
  version: number;
  bump(): void;
}

const useCalibrationVersion = create<CalibrationState>((set, get) => ({ version: 0, bump: () => set({ version: get().version + 1 }) }));

/** The estimate for the current settings, or undefined until the device has been probed. */
export function useEstimate(): Estimate | undefined {
  const set = useSettings((s) => s.set);
  const values = useSettings((s) => s.values);
  const caps = useCapabilities((s) => s.caps);
  const upload = useInput((s) => Boolean(s.upload));
  const version = useCalibrationVersion((s) => s.version);
  if (!caps) return undefined;
  void version; // re-read the calibration after each recorded run
  const calibration: Calibration = loadCalibration(caps, set);
  return estimateRun(set, { ...values, skipTextToImage: upload }, caps, calibration);
}

/** After a successful run: the stages that finished teach the estimate what this device takes. */
export function recordFinishedRun(request: GenerateRequest, stages: StageMap): void {
  const caps = useCapabilities.getState().caps;
  if (!caps) return;
  const measured: Partial<Record<StageId, number>> = {};
  for (const [id, s] of Object.entries(stages) as [StageId, StageMap[StageId]][]) {
    if (s.status === 'done' && s.ms !== undefined) measured[id] = s.ms;
  }
  recordRun(caps, modelSetById(request.setId), { ...request, skipTextToImage: Boolean(request.image) }, measured);
  useCalibrationVersion.getState().bump();
}
