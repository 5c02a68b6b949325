// Starts and cancels runs, one job at a time (src/leaf/jobs.ts); Cancel aborts it and the backend rejects with an
// AbortError, which is reported as "cancelled", not as a failure. The backend is created once, after the
// capability probe, and reused so warm workers keep their loaded graphs.
import { createLocalBackend } from '../backends/local';
import { createRemoteBackend } from '../backends/remote';
import { useBackendChoice } from '../state/backend-choice';
import type { Backend } from '../backends/backend';
import type { RgbaImage } from '../pipeline/image';
import { describeError } from '../runtime/errors';
import { useCapabilities } from '../state/capabilities';
import { useGeneration } from '../state/generation';
import { createProgressBatcher, type ProgressBatcher } from '../state/progress-batcher';
import { isCold, recordFinishedRun, useWarmth } from '../state/estimate';
import { createJobs } from '../leaf/jobs';
import { buildRequest } from '../pipeline/settings';
import { useSettings } from '../state/settings';
import { useCandidates } from '../state/candidates';
import { planRun, type RunChoice } from '../state/plan-run';
import { outputCollector } from '../state/stage-outputs';
import { useDeviceStatus } from '../state/device-status';
import { keepFinishedRun } from './run-keeper';
import { installTestSurface } from './test-surface';

let local: Backend | undefined;
let remote: { url: string; backend: Backend } | undefined;
// One run at a time (the Generate button waits for idle), as the job 'run'.
const runs = createJobs<'run'>();
/** The batcher the running run's progress goes through (flushed at a cancel click). */
let progressOfRun: ProgressBatcher | undefined;

/** The backend the user chose; the local one is created once, after the probe, so workers stay warm. */
async function getBackend(): Promise<Backend> {
  const choice = useBackendChoice.getState();
  if (choice.kind === 'remote') {
    if (remote?.url !== choice.url) remote = { url: choice.url, backend: createRemoteBackend(choice.url) };
    return remote.backend;
  }
  if (local) return local;
  const state = useCapabilities.getState();
  const caps = state.caps ?? (await state.probe());
  // Read at each run: the forced provider (capability line's switch) may change between runs.
  const backend = createLocalBackend(() => useCapabilities.getState().caps ?? caps, {
    onDeviceLost: (e) => useDeviceStatus.getState().setLost(e.message),
  });
  // The fault hook exists in the e2e build only (vite --mode e2e); users' builds carry no way to destroy a device.
  if (import.meta.env.MODE === 'e2e') installTestSurface({ destroyGpuDevice: () => backend.destroyDevicesForTest() });
  local = backend;
  return local;
}

/** `pick`: lift candidate picture `pick` of the grid into 3D. */
export async function startRun(input: { prompt: string; image?: RgbaImage; pick?: number }): Promise<void> {
  const gen = useGeneration.getState();
  if (gen.phase !== 'idle') return;
  const { set, values } = useSettings.getState();
  const onDevice = useBackendChoice.getState().kind === 'local';
  // Re-roll from the latest stage whose inputs are unchanged, or make candidates (local backend only).
  const plan = planRun(buildRequest(set, values, input), onDevice, input.pick);
  gen.begin(Boolean(input.image), plan.reused);
  if (plan.candidates) useCandidates.getState().begin(plan.request, plan.candidates);
  await runs.run('run', (signal) => run(plan, onDevice, signal));
}

async function run({ request, reuse, candidates }: RunChoice, onDevice: boolean, signal: AbortSignal): Promise<void> {
  const cold = isCold(request.setId);
  const t0 = performance.now();
  const outputs = outputCollector(request);
  const progress = createProgressBatcher((events) => useGeneration.getState().progress(events));
  progressOfRun = progress;
  try {
    const b = await getBackend();
    if (candidates && b.candidates) {
      await b.candidates(request, candidates, { signal, onProgress: progress.push, onCandidate: useCandidates.getState().add });
      progress.flush();
      if (signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
      useCandidates.getState().ready();
      useGeneration.setState({ phase: 'idle' });
      return;
    }
    const cloud = await b.generate(request, {
      signal,
      onProgress: progress.push,
      onImage: (kind, image) => {
        outputs.onImage(kind, image);
        useGeneration.getState().setImage(kind, image);
      },
      onLatents: outputs.onLatents,
      reuse,
    });
    // The result and the worker's progress travel on different message ports, so the last
    // stage's "done" can arrive after the result: keep applying progress on success.
    progress.flush();
    if (signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
    useGeneration.getState().finish(cloud);
    keepFinishedRun(outputs.outputs(), cloud);
    // Only this device's own runs teach its estimate; a server's pace is its own.
    if (onDevice) recordFinishedRun(request, useGeneration.getState().stages, { cold, wallMs: performance.now() - t0 });
  } catch (e) {
    progress.close();
    if (candidates) useCandidates.getState().stopped();
    const d = describeError(e);
    // A cancel can surface as a worker termination error too; the signal is the truth.
    if (d.name === 'AbortError' || signal.aborted) useGeneration.getState().cancelled();
    else {
      console.warn('[lumen] run failed:', e);
      // A failed run may have lost a worker (a crash, a lost device): count the next one as cold.
      if (onDevice) useWarmth.getState().setWarm(request.setId, false);
      useGeneration.getState().fail(d);
    }
  } finally {
    if (progressOfRun === progress) progressOfRun = undefined;
  }
}

export function cancelRun(): void {
  if (!runs.has('run') || useGeneration.getState().phase !== 'running') return;
  // What was reported before the click still shows; the store ignores whatever comes after it.
  progressOfRun?.flush();
  useGeneration.getState().cancelling();
  runs.abort('run');
}
