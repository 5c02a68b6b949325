// Draft / Quality presets and the run-time estimate for the current settings (src/pipeline/estimate.ts):
// a class guess until this device has run once, then its own measured pace.
import { DEVICE_CLASS_LABEL } from '../pipeline/estimate';
import { useBackendChoice } from '../state/backend-choice';
import { useEstimate } from '../state/estimate';
import { useGeneration } from '../state/generation';
import { PRESET_LABELS, presetOf, presetsFor, type PresetId } from '../state/presets';
import { STAGE_IDS, STAGE_TITLES, formatMs } from '../state/stages';
import { formatBytes } from './model-manager/format';
import { useSettings } from '../state/settings';

function EstimateLine() {
  const estimate = useEstimate();
  const remote = useBackendChoice((s) => (s.kind === 'remote' ? s.url : undefined));
  if (remote)
    return (
      <span className="muted" data-testid="estimate">
        runs on the server at {remote}
      </span>
    );
  if (!estimate)
    return (
      <span className="muted" data-testid="estimate">
        estimating…
      </span>
    );
  const { stages, totalMs, calibrated, deviceClass, cold, coldMs, coldMeasured, coldGraphs, coldBytes, nextMs } = estimate;
  const measured = calibrated.length > 0;
  const breakdown = STAGE_IDS.filter((id) => stages[id] > 0)
    .map((id) => `${STAGE_TITLES[id]} ${formatMs(stages[id])}`)
    .join(' · ');
  const start = `starting the model workers, loading ${coldGraphs} graphs${coldBytes > 0 ? ` (${formatBytes(coldBytes)})` : ''} and compiling their GPU code`;
  const title = [`a warm run: ${breakdown}`, `a first run after the page loads adds ≈ ${formatMs(coldMs)}: ${start}`].join('\n');
  return (
    <span
      className="estimate"
      data-testid="estimate"
      data-ms={Math.round(nextMs)}
      data-warm-ms={Math.round(totalMs)}
      data-cold={cold}
      data-calibrated={measured}
      title={title}
    >
      ≈ {formatMs(nextMs)}{' '}
      <span className="muted">
        {cold ? `first run (${coldMeasured ? 'start-up as measured here' : 'includes start-up'}), then ≈ ${formatMs(totalMs)} a run; ` : ''}
        {measured ? 'from this device’s earlier runs' : `rough guess for ${DEVICE_CLASS_LABEL[deviceClass]}; refined after a run`}
      </span>
    </span>
  );
}

export function PresetBar() {
  const set = useSettings((s) => s.set);
  const values = useSettings((s) => s.values);
  const busy = useGeneration((s) => s.phase !== 'idle');
  const active = presetOf(set, values);
  const presets = presetsFor(set);
  return (
    <div className="preset-bar" data-testid="presets">
      <div className="segmented" role="group" aria-label="preset">
        {(Object.keys(presets) as PresetId[]).map((id) => (
          <button
            key={id}
            className={`btn small ${active === id ? 'primary' : 'ghost'}`}
            data-testid={`preset-${id}`}
            aria-pressed={active === id}
            disabled={busy}
            onClick={() => useSettings.getState().update(presets[id])}
          >
            {PRESET_LABELS[id]}
          </button>
        ))}
        {!active && (
          <span className="chip" data-testid="preset-custom">
            custom
          </span>
        )}
      </div>
      <EstimateLine />
    </div>
  );
}
