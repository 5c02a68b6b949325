// Browser side of "one core, two runtimes". onnxruntime-web/webgpu is the 1.30 build with the WebGPU EP
// (plus the wasm CPU EP). vite.config.ts aliases it to the non-bundled ort.webgpu.min.mjs and serves the
// wasm glue (.mjs) and binary (.wasm) from our own origin under <base>/ort/: never a CDN (offline use,
// and this workplace forbids it).
import * as ort from 'onnxruntime-web/webgpu';
import type { Runtime } from './graph';
import { createOrtRuntime, type OrtModule } from './ort-adapter';

/** Where vite.config.ts puts the ORT wasm files, relative to the app's base URL. */
export const ORT_ASSET_DIR = 'ort/';

let configured = false;

function baseHref(): string {
  const base = import.meta.env?.BASE_URL ?? '/';
  return new URL(base + ORT_ASSET_DIR, (globalThis as { location?: Location }).location?.href ?? 'http://localhost/').href;
}

/** Sets ORT's global env once per realm (page or worker) before the first session is created. */
export function configureOrtWeb(options: { threads?: number } = {}): typeof ort {
  if (configured) return ort;
  configured = true;
  ort.env.wasm.wasmPaths = baseHref();
  // Threads need SharedArrayBuffer, which exists only when the page is cross-origin isolated.
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  ort.env.wasm.numThreads = isolated ? Math.max(1, options.threads ?? 2) : 1;
  // We already run inside our own workers; ORT's proxy worker would only add a second hop.
  ort.env.wasm.proxy = false;
  // Only errors: warnings are ORT's own notes (provider placement), not something a user can act on.
  ort.env.logLevel = 'error';
  return ort;
}

export function createWebRuntime(options: { threads?: number } = {}): Runtime {
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
