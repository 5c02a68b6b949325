// This device's measured-vs-guessed stage times (src/pipeline/estimate.ts), kept in localStorage per
// device and model set, so the estimate shown before a run improves with every run and survives reloads.
import type { ModelSet } from '../../models/model-set';
import { type Calibration, type EstimateSettings, updateCalibration } from '../pipeline/estimate';
import type { StageId } from '../leaf/progress';
import type { Capabilities } from '../runtime/capabilities';

const KEY = 'lumen.calibration.v1';

type Prefs = Pick<Storage, 'getItem' | 'setItem'>;

const defaultPrefs = (): Prefs | undefined => (typeof localStorage !== 'undefined' ? localStorage : undefined);

/** Runs on another GPU, or with f16 on and off, do not tell about this one. */
export function deviceKey(caps: Capabilities): string {
  return [caps.webgpu ? caps.adapterName ?? 'webgpu' : 'wasm', caps.shaderF16 ? 'f16' : 'f32', caps.threads].join('|');
}

function readAll(prefs: Prefs | undefined): Record<string, Calibration> {
  try {
    const raw = prefs?.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Calibration>) : {};
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
