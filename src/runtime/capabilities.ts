/** What the capability probe found on this device (src/runtime/probe.ts fills it). */
export interface Capabilities {
  webgpu: boolean;
  /** Why WebGPU is unusable, in plain words, when it is. */
  webgpuReason?: string;
  adapterName?: string;
  shaderF16: boolean;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
  crossOriginIsolated: boolean;
  /** wasm threads ORT may use (1 without SharedArrayBuffer). */
  threads: number;
}
