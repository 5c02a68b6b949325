// This device's measured-vs-guessed stage times (src/pipeline/estimate.ts), kept in localStorage per
// device and model set, so the estimate shown before a run improves with every run and survives reloads.
import type { ModelSet } from '../../models/model-set';
import { type Calibration, type EstimateSettings, updateCalibration } from '../pipeline/estimate';
import type { StageId } from '../leaf/progress';
import type { Capabilities } from '../runtime/capabilities';

const KEY = 'lumen.calibration.v1';
const COLD_KEY = 'lumen.cold-run.v1';

type Prefs = Pick<Storage, 'getItem' | 'setItem'>;

const defaultPrefs = (): Prefs | undefined => (typeof localStorage !== 'undefined' ? localStorage : undefined);

/** Runs on another GPU, or with f16 on and off, do not tell about this one. */
export function deviceKey(caps: Capabilities): string {
  return [caps.webgpu ? (caps.adapterName ?? 'webgpu') : 'wasm', caps.shaderF16 ? 'f16' : 'f32', caps.threads].join('|');
}

function readAll<T = Calibration>(prefs: Prefs | undefined, key = KEY): Record<string, T> {
  try {
    const raw = prefs?.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as unknown) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, T>) : {};
  } catch {
    return {}; // a damaged entry only costs the calibration
  }
}

export function loadCalibration(caps: Capabilities, set: ModelSet, prefs = defaultPrefs()): Calibration {
  return readAll(prefs)[`${deviceKey(caps)}|${set.id}`] ?? {};
}

/** Folds one finished run's stage times into this device's calibration. */
export function recordRun(
  caps: Capabilities,
  set: ModelSet,
  settings: EstimateSettings,
  measuredMs: Partial<Record<StageId, number>>,
  prefs = defaultPrefs(),
): Calibration {
  const all = readAll(prefs);
  const key = `${deviceKey(caps)}|${set.id}`;
  all[key] = updateCalibration(all[key] ?? {}, set, settings, caps, measuredMs);
  try {
    prefs?.setItem(KEY, JSON.stringify(all));
  } catch {
    // storage full or blocked: the estimate stays a guess
  }
  return all[key];
}

/** This device's last cold run (the first after a page load): its settings and its wall time. */
export interface ColdRun {
  settings: EstimateSettings;
  wallMs: number;
}

export function loadColdRun(caps: Capabilities, set: ModelSet, prefs = defaultPrefs()): ColdRun | undefined {
  const run = readAll<ColdRun>(prefs, COLD_KEY)[`${deviceKey(caps)}|${set.id}`];
  return run && Number.isFinite(run.wallMs) && run.settings ? run : undefined;
}

/**
 * Keeps a cold run's wall time whole: its stage times include loading graphs and compiling shaders, so
 * they would teach the warm pace wrong; the cold overhead is derived from it when an estimate is made.
 */
export function recordColdRun(caps: Capabilities, set: ModelSet, run: ColdRun, prefs = defaultPrefs()): void {
  const all = readAll<ColdRun>(prefs, COLD_KEY);
  all[`${deviceKey(caps)}|${set.id}`] = run;
  try {
    prefs?.setItem(COLD_KEY, JSON.stringify(all));
  } catch {
    // storage full or blocked: the cold figure stays a guess
  }
}
