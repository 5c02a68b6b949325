// Browser side of "one core, two runtimes". onnxruntime-web/webgpu is the 1.30 build with the WebGPU EP
// (plus the wasm CPU EP). vite.config.ts aliases it to the non-bundled ort.webgpu.min.mjs and serves the
// wasm glue (.mjs) and binary (.wasm) from our own origin under <base>/ort/: never a CDN (offline use,
// and this workplace forbids it).
import * as ort from 'onnxruntime-web/webgpu';
import type { Runtime } from './graph';
import { createOrtRuntime, type OrtModule } from './ort-adapter';
import { hasJspi } from './probe';

/** Where vite.config.ts puts the ORT wasm files, relative to the app's base URL. */
export const ORT_ASSET_DIR = 'ort/';

let configured = false;

/**
 * How ORT's wasm waits for the GPU inside a kernel. Both builds come with the WebGPU EP and take the same
 * API from this bundle; only the glue and binary differ. JSPI (WebAssembly.Suspending) suspends the wasm
 * stack natively; asyncify (Binaryen's transform) rewrites every function that may wait, which makes the
 * binary 27 MB instead of 17 MB and gives V8's optimising tier a few giant functions: on a 2-core machine
 * it compiled them in the background for ~40 s (~54 s of CPU) after each first run, with the page starved
 * of CPU meanwhile, and the run itself took twice as long (bench/ort-build.ts).
 */
type OrtWasmBuild = 'jspi' | 'asyncify';

/** The glue (.mjs) and binary (.wasm) of one build, as vite.config.ts serves them under ORT_ASSET_DIR. */
function ortWasmFiles(build: OrtWasmBuild): { mjs: string; wasm: string } {
  return { mjs: `ort-wasm-simd-threaded.${build}.mjs`, wasm: `ort-wasm-simd-threaded.${build}.wasm` };
}

function baseHref(): string {
  const base = import.meta.env?.BASE_URL ?? '/';
  return new URL(base + ORT_ASSET_DIR, (globalThis as { location?: Location }).location?.href ?? 'http://localhost/').href;
}

/**
 * Sets ORT's global env once per realm (page or worker) before the first session is created. `jspi`: what
 * the page's probe found (false: asyncify even where this realm has JSPI); absent, this realm decides.
 */
export function configureOrtWeb(options: { threads?: number; jspi?: boolean } = {}): typeof ort {
  if (configured) return ort;
  configured = true;
  const files = ortWasmFiles((options.jspi ?? true) && hasJspi() ? 'jspi' : 'asyncify');
  ort.env.wasm.wasmPaths = { mjs: baseHref() + files.mjs, wasm: baseHref() + files.wasm };
  // Threads need SharedArrayBuffer, which exists only when the page is cross-origin isolated.
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  ort.env.wasm.numThreads = isolated ? Math.max(1, options.threads ?? 2) : 1;
  // We already run inside our own workers; ORT's proxy worker would only add a second hop.
  ort.env.wasm.proxy = false;
  // Only errors: warnings are ORT's own notes (provider placement), not something a user can act on.
  ort.env.logLevel = 'error';
  return ort;
}

export function createWebRuntime(options: { threads?: number; jspi?: boolean } = {}): Runtime {
  return createOrtRuntime(configureOrtWeb(options) as unknown as OrtModule, 'onnxruntime-web');
}

/**
 * The GPUDevice ORT's WebGPU backend runs on in this realm, or undefined when it has none. Ask only once
 * a WebGPU session exists: before that, ORT would create a device just to answer.
 */
export async function ortWebGpuDevice(): Promise<GPUDevice | undefined> {
  // ORT 1.30 answers undefined (not a promise) while its WebGPU backend is not initialised.
  return (await (configureOrtWeb().env.webgpu.device as Promise<GPUDevice> | undefined)) ?? undefined;
}
