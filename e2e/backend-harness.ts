// Drives the local backend (four workers in sequence) on the fixture set and returns a summary the spec
// can assert on; the point cloud itself stays in the page.
import { createLocalBackend } from '../src/backends/local';
import type { ProgressEvent, StageId } from '../src/leaf/progress';
import type { GenerateRequest } from '../src/pipeline/request';
import { describeError } from '../src/runtime/errors';
import { probeCapabilities } from '../src/runtime/probe';

const REQUEST: GenerateRequest = {
  setId: 'fixture',
  prompt: 'a red ball',
  seed: 7,
  imageSteps: 1,
  numParts: 3,
  tokensPerPart: 16,
  partSteps: 4,
  guidance: 3,
  gridResolution: 32,
  pointCount: 3000,
};

// WebGPU forced: here it is SwiftShader, which the automatic placement would leave for wasm.
const backendPromise = probeCapabilities().then((caps) => createLocalBackend({ ...caps, forceProvider: 'webgpu' }));

/** Relative spread of each part's point distances from that part's centroid (≈0 for a sphere). */
function partSpreads(positions: Float32Array, partIds: Uint8Array, parts: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < parts; p++) {
    const c = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < partIds.length; i++)
      if (partIds[i] === p) {
        for (let k = 0; k < 3; k++) c[k] += positions[3 * i + k];
        n++;
      }
    if (!n) {
      out.push(NaN);
      continue;
    }
    const d: number[] = [];
    for (let i = 0; i < partIds.length; i++) {
      if (partIds[i] !== p) continue;
      d.push(Math.hypot(positions[3 * i] - c[0] / n, positions[3 * i + 1] - c[1] / n, positions[3 * i + 2] - c[2] / n));
    }
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    out.push(Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length) / mean);
  }
  return out;
}

const harness = {
  /** One generation; `abortOn` cancels it when that stage starts. */
  async generate(overrides: Partial<GenerateRequest> = {}, abortOn?: StageId) {
    const backend = await backendPromise;
    const request = { ...REQUEST, ...overrides };
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const images: { kind: string; width: number; height: number; corner: number[] }[] = [];
    const t0 = performance.now();
    try {
      const cloud = await backend.generate(request, {
        signal: controller.signal,
        onProgress: (e) => {
          events.push(e);
          if (abortOn && e.status === 'start' && e.stage === abortOn) controller.abort();
        },
        onImage: (kind, img) => images.push({ kind, width: img.width, height: img.height, corner: [...img.data.slice(0, 4)] }),
      });
      const distinct = [...new Set(cloud.partIds)].sort((a, b) => a - b);
      return {
        ok: true as const,
        ms: performance.now() - t0,
        points: cloud.partIds.length,
        positions: cloud.positions.length,
        partNames: cloud.partNames,
        distinctParts: distinct,
        emptyParts: cloud.emptyParts,
        failedParts: cloud.failedParts,
        spreads: partSpreads(cloud.positions, cloud.partIds, request.numParts),
        images,
        events,
      };
    } catch (e) {
      return { ok: false as const, ms: performance.now() - t0, error: describeError(e), images, events };
    }
  },
};

declare global {
  interface Window {
    lumenBackend: typeof harness;
  }
}
window.lumenBackend = harness;
document.querySelector('[data-testid="harness-ready"]')?.removeAttribute('hidden');
