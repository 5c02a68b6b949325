// The capability probe's result, compactly, and the wasm banner when there is no WebGPU.
import { useCapabilities, formatBytes } from '../state/capabilities';

export function CapabilityBadge() {
  const { status, caps } = useCapabilities();
  if (status === 'probing' || !caps) return <span className="cap-badge muted" data-testid="caps">probing device…</span>;
  const items = caps.webgpu
    ? [
        `WebGPU · ${caps.adapterName ?? 'adapter'}`,
        caps.shaderF16 ? 'shader-f16' : 'no shader-f16',
        `buffer ${formatBytes(caps.maxBufferSize)}`,
        `binding ${formatBytes(caps.maxStorageBufferBindingSize)}`,
      ]
    : ['wasm only'];
  items.push(caps.crossOriginIsolated ? `${caps.threads} wasm threads` : '1 wasm thread');
  return (
    <span className="cap-badge" data-testid="caps" data-webgpu={String(caps.webgpu)}>
      {items.map((t) => (
        <span key={t} className={`chip ${t.startsWith('no ') || t === 'wasm only' ? 'warn' : ''}`}>{t}</span>
      ))}
    </span>
  );
}

export function WasmBanner() {
  const caps = useCapabilities((s) => s.caps);
  if (!caps || caps.webgpu) return null;
  return (
    <div className="banner" data-testid="wasm-banner" role="status">
      <strong>No WebGPU here.</strong> The pipeline runs on the WebAssembly (wasm) execution provider on your CPU,
      which is much slower; a Lumen server (Advanced settings → Run on) can do the work instead.{' '}
      <span className="muted">({caps.webgpuReason ?? 'no adapter'})</span>
    </div>
  );
}
