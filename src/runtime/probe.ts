// Checks the device before anything loads (as the transformers.js-examples WebGPU workers do): requestAdapter() may resolve to null, shader-f16
// decides which graphs may use WebGPU, and the limits bound how large a buffer a graph may ask for.
// Works in the page and in workers (navigator.gpu exists in both).
import type { Capabilities } from './capabilities';
import { DeviceLostError } from './errors';

type GpuNavigator = { gpu?: GPU; hardwareConcurrency?: number };

function threadCount(isolated: boolean, nav: GpuNavigator): number {
  // Without SharedArrayBuffer ORT's wasm build cannot start threads; leave a core for the page.
  if (!isolated) return 1;
  const cores = nav.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(4, cores > 2 ? cores - 1 : cores));
}

function adapterName(info: GPUAdapterInfo | undefined): string | undefined {
  if (!info) return undefined;
  // biome-ignore lint/complexity/useOptionalChain: an empty string is dropped too
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length);
  return parts.length ? [...new Set(parts)].join(' ') : undefined;
}

// CPU renderers behind a WebGPU adapter: Chromium's SwiftShader (its fallback adapter, and what
// --use-webgpu-adapter=swiftshader gives), Mesa's llvmpipe/lavapipe/softpipe, Windows' WARP ("Microsoft
// Basic Render Driver"). Matched on vendor, architecture, device and description together.
const SOFTWARE_RENDERERS: [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/softpipe/i, 'softpipe'],
  [/microsoft basic render|\bwarp\b/i, 'Microsoft Basic Render Driver'],
];

/** Fields of GPUAdapterInfo (and the adapter's older flag) that say whether it is a CPU renderer. */
export interface AdapterTraits {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** GPUAdapterInfo.isFallbackAdapter in current browsers, or the older GPUAdapter.isFallbackAdapter. */
  isFallbackAdapter?: boolean;
}

/**
 * The software renderer's name when this adapter is one, else undefined. A fallback adapter counts as one
 * (WebGPU's fallback adapter trades speed for reach, and browsers back it with a CPU renderer), named by
 * its renderer when that is known.
 */
export function softwareAdapterOf(t: AdapterTraits): string | undefined {
  const text = [t.vendor, t.architecture, t.device, t.description].filter(Boolean).join(' ');
  return softwareRendererIn(text) ?? (t.isFallbackAdapter ? 'a fallback adapter' : undefined);
}

/** The CPU renderer a GPU description names (a WebGPU adapter's fields, a WebGL renderer string), if any. */
export function softwareRendererIn(text: string): string | undefined {
  for (const [pattern, name] of SOFTWARE_RENDERERS) if (pattern.test(text)) return name;
  return undefined;
}

// GPUAdapterInfo's fields are getters on its prototype: copy them by name.
function pickInfo(info: GPUAdapterInfo | undefined): AdapterTraits {
  return info ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description } : {};
}

/** WebAssembly JSPI (stack switching), which ORT's smaller, faster-compiling build needs. */
export function hasJspi(): boolean {
  return typeof WebAssembly !== 'undefined' && 'Suspending' in WebAssembly;
}

export async function probeCapabilities(): Promise<Capabilities> {
  const nav = (typeof navigator !== 'undefined' ? navigator : {}) as GpuNavigator;
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const base = { crossOriginIsolated: isolated, threads: threadCount(isolated, nav), jspi: hasJspi() };
  if (!nav.gpu) {
    return { ...base, webgpu: false, shaderF16: false, webgpuReason: 'This browser has no WebGPU (navigator.gpu is missing)' };
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ...base, webgpu: false, shaderF16: false, webgpuReason: `Asking for a GPU adapter failed: ${(e as Error).message}` };
  }
  if (!adapter) {
    return {
      ...base,
      webgpu: false,
      shaderF16: false,
      webgpuReason: 'The browser offered no GPU adapter (WebGPU may be disabled or the GPU blocklisted)',
    };
  }
  const a = adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean };
  const info = a.info;
  const softwareAdapter = softwareAdapterOf({ ...pickInfo(info), isFallbackAdapter: info?.isFallbackAdapter ?? a.isFallbackAdapter });
  return {
    ...base,
    webgpu: true,
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    adapterName: adapterName(info),
    ...(softwareAdapter ? { softwareAdapter } : {}),
  };
}

/**
 * For a GPUDevice the app itself owns (ORT owns and watches its own): calls `onLost` with a typed error
 * unless the loss was our own destroy(). Returns the promise so callers can await it in tests.
 */
export function watchDeviceLost(device: GPUDevice, onLost: (error: DeviceLostError) => void): Promise<void> {
  return device.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    onLost(new DeviceLostError(info.message || undefined));
  });
}

/** One line for logs and the settings panel. */
export function summarizeCapabilities(c: Capabilities): string {
  const software = c.softwareAdapter ? ` (software WebGPU adapter: ${c.softwareAdapter})` : '';
  const gpu = c.webgpu
    ? `WebGPU on ${c.adapterName ?? 'an unnamed adapter'}${software}${c.shaderF16 ? ' with' : ' without'} shader-f16`
    : `no WebGPU (${c.webgpuReason ?? 'unknown reason'})`;
  const wasm = c.crossOriginIsolated ? `${c.threads} wasm threads` : 'single-threaded wasm (page not cross-origin isolated)';
  return `${gpu}; ${wasm}${c.jspi === false ? ', no JSPI (asyncify build of ORT)' : ''}`;
}
