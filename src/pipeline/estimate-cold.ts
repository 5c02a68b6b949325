// The extra time of a cold run: the first run after the page loads starts the model workers (each
// compiles onnxruntime-web's wasm), creates every graph's session (reads its bytes, and on WebGPU compiles
// its shaders on first use). None of that is in a stage's floating-point work, and on a slow device it is
// most of the first run (35–90 s for the fixture set on SwiftShader, against seconds for a warm run). The
// guess comes from the graphs this run needs, their sizes and providers; after a cold run on this device
// its measured wall time replaces the guess (src/state/calibration.ts).
import type { GraphKey, ModelSet } from '../../models/model-set';
import type { Capabilities } from '../runtime/capabilities';
import { fitDevice } from '../runtime/device-fit';
import { STAGE_OF_GRAPH } from '../runtime/provider-policy';
import { type DeviceClass, deviceClass, type EstimateSettings } from './estimate';

interface ColdCosts {
  /** One worker's start: its module, onnxruntime-web's wasm compiled and instantiated. */
  workerMs: number;
  /** One session's creation and first run, by its first provider (WebGPU compiles shaders then). */
  sessionMs: { webgpu: number; wasm: number };
  /** Graph bytes read into a session per millisecond. */
  bytesPerMs: number;
}

// Measured on this project's CI machine (SwiftShader, 2 shared cores): a first fixture run (four workers,
// nine graphs, 0.1 MB) took about 7 s on an idle machine, 14–26 s on a busy one and up to 90 s on an
// overloaded one, against 1–4 s warm; the software-GPU figures put the start-up near the middle (~14 s). The GPU classes are scaled from that by the share of
// start-up that is CPU (wasm compile) and shader compilation on a real driver.
const COLD: Record<DeviceClass, ColdCosts> = {
  'discrete-gpu': { workerMs: 400, sessionMs: { webgpu: 700, wasm: 300 }, bytesPerMs: 500_000 },
  'integrated-gpu': { workerMs: 700, sessionMs: { webgpu: 1200, wasm: 500 }, bytesPerMs: 250_000 },
  'software-gpu': { workerMs: 1200, sessionMs: { webgpu: 1800, wasm: 600 }, bytesPerMs: 50_000 },
  cpu: { workerMs: 2000, sessionMs: { webgpu: 1000, wasm: 1000 }, bytesPerMs: 100_000 },
};

export interface ColdStart {
  /** Extra milliseconds of a cold run over a warm one. */
  ms: number;
  workers: number;
  graphs: number;
  bytes: number;
}

/** Which worker runs each stage's graphs (src/backends/local.ts: one worker per model family). */
const WORKER_OF_STAGE = {
  text: 'text-to-image',
  image: 'text-to-image',
  cutout: 'background',
  parts: 'parts',
  points: 'geometry',
} as const;

export function coldStartGuess(set: ModelSet, s: Pick<EstimateSettings, 'skipTextToImage'>, caps: Capabilities): ColdStart {
  const costs = COLD[deviceClass(caps)];
  const fit = fitDevice(set, caps);
  const workers = new Set<string>();
  let graphs = 0,
    bytes = 0,
    ms = 0;
  for (const key of Object.keys(set.graphs) as GraphKey[]) {
    const stage = STAGE_OF_GRAPH[key];
    if (s.skipTextToImage && (stage === 'text' || stage === 'image')) continue;
    workers.add(WORKER_OF_STAGE[stage]);
    const size = set.graphs[key].bytes ?? 0;
    graphs++;
    bytes += size;
    ms += costs.sessionMs[fit.graphs[key].providers[0] === 'webgpu' ? 'webgpu' : 'wasm'] + size / costs.bytesPerMs;
  }
  ms += workers.size * costs.workerMs;
  return { ms, workers: workers.size, graphs, bytes };
}
