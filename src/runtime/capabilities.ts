/** A provider the user asked every graph to use where it can (URL `?ep=`, or the switch beside the capability line). */
export type ForcedProvider = 'webgpu' | 'wasm';

/** What the capability probe found on this device (src/runtime/probe.ts fills it). */
export interface Capabilities {
  webgpu: boolean;
  /** Why WebGPU is unusable, in plain words, when it is. */
  webgpuReason?: string;
  adapterName?: string;
  /**
   * Set when the WebGPU adapter runs on the CPU (SwiftShader, llvmpipe, Microsoft Basic Render Driver,
   * Chrome's fallback adapter): its name for the user. Such an adapter is far slower than the wasm EP.
   */
  softwareAdapter?: string;
  shaderF16: boolean;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
  crossOriginIsolated: boolean;
  /** wasm threads ORT may use (1 without SharedArrayBuffer). */
  threads: number;
  /** WebAssembly JSPI is there: ORT loads its JSPI build, else its asyncify one (src/runtime/ort-web.ts). */
  jspi?: boolean;
  /**
   * Not a capability but travels with them to every worker: the provider the user forced, overriding the
   * placement by expected speed (src/runtime/placement.ts). Absent: automatic.
   */
  forceProvider?: ForcedProvider;
}
