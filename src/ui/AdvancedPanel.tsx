// Advanced settings. Ranges and defaults come from the model set (src/state/settings.ts); every edit is
// clamped by the store, so the request built from it is always valid.
import { useGeneration } from '../state/generation';
import { BackendPicker } from './BackendPicker';
import { NumberField } from './NumberField';
import { countOf } from '../viewer/layout';
import { randomSeed, settingLimits, type SettingKey, type Settings } from '../pipeline/settings';
import { useSettings } from '../state/settings';

interface FieldSpec {
  key: Exclude<SettingKey, 'tokensPerPart'>;
  label: string;
  hint: string;
  step?: number;
  slider?: boolean;
  /** What one unit of a slider's value is, for its accessible value ("3 parts"). */
  unit?: string;
}

const FIELDS: FieldSpec[] = [
  { key: 'imageSteps', label: 'Image steps', hint: 'SDXL Turbo denoising steps', slider: true, unit: 'step' },
  { key: 'numParts', label: 'Parts', hint: 'how many parts to split the object into', slider: true, unit: 'part' },
  { key: 'guidance', label: 'Guidance', hint: 'classifier-free guidance; ≤ 1 turns it off', step: 0.5 },
  { key: 'partSteps', label: 'Part steps', hint: 'rectified-flow steps of the part model' },
  { key: 'gridResolution', label: 'Grid resolution', hint: 'occupancy samples per axis', step: 8 },
  { key: 'pointCount', label: 'Points', hint: 'points in the final cloud', step: 1000 },
];

export function AdvancedPanel() {
  const set = useSettings((s) => s.set);
  const values = useSettings((s) => s.values);
  const { update, reset } = useSettings.getState();
  const busy = useGeneration((s) => s.phase !== 'idle');
  const lim = settingLimits(set);
  /** Applies an edit and returns the values the next run will use (the store clamps them). */
  const commit = (patch: Partial<Settings>): Settings => {
    update(patch);
    return useSettings.getState().values;
  };

  return (
    <details className="panel advanced" data-testid="advanced">
      <summary>Advanced settings</summary>
      <BackendPicker />
      <fieldset disabled={busy}>
        <div className="field">
          <label htmlFor="setting-seed">Seed</label>
          <div className="inline">
            <NumberField
              id="setting-seed"
              min={lim.seed[0]}
              max={lim.seed[1]}
              value={values.seed}
              onCommit={(seed) => commit({ seed }).seed}
            />
            <button
              className="btn ghost small"
              onClick={() => update({ seed: randomSeed() })}
              data-testid="seed-random"
              title="pick a random seed"
            >
              random
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor="setting-tokensPerPart">Tokens per part</label>
          <select
            id="setting-tokensPerPart"
            data-testid="setting-tokensPerPart"
            value={values.tokensPerPart}
            onChange={(e) => update({ tokensPerPart: Number(e.target.value) })}
          >
            {set.dims.tokensPerPartChoices.map((c) => (
              <option key={c} value={c}>
                {c}
                {c === set.dims.defaultTokensPerPart ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </div>
        {FIELDS.map((f) => (
          <div className="field" key={f.key} title={f.hint}>
            <label htmlFor={`setting-${f.key}`}>
              {f.label} <span className="muted">{f.slider ? values[f.key] : ''}</span>
            </label>
            {f.slider ? (
              <input
                id={`setting-${f.key}`}
                data-testid={`setting-${f.key}`}
                type="range"
                min={lim[f.key][0]}
                max={lim[f.key][1]}
                step={f.step ?? 1}
                value={values[f.key]}
                aria-valuetext={f.unit ? countOf(values[f.key], f.unit) : undefined}
                onChange={(e) => update({ [f.key]: Number(e.target.value) })}
              />
            ) : (
              <NumberField
                id={`setting-${f.key}`}
                min={lim[f.key][0]}
                max={lim[f.key][1]}
                step={f.step}
                value={values[f.key]}
                onCommit={(v) => commit({ [f.key]: v })[f.key]}
              />
            )}
          </div>
        ))}
        <button className="btn ghost small" onClick={reset}>
          Reset to defaults for “{set.label}”
        </button>
      </fieldset>
    </details>
  );
}
