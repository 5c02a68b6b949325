// The capability probe's result, compactly, with the switch that forces a provider, and the wasm banner
// when there is no WebGPU. A software WebGPU adapter is named as such: graphs run on wasm there unless
// WebGPU is forced (src/runtime/placement.ts).
import type { ForcedProvider } from '../runtime/capabilities';
import { useCapabilities, formatBytes } from '../state/capabilities';

/** What the placement does with a software adapter, for the capability line. */
function softwareChip(name: string, force: ForcedProvider | undefined): string {
  return `software WebGPU adapter (${name}) — ${force === 'webgpu' ? 'WebGPU forced' : 'graphs run on wasm'}`;
}

export function CapabilityBadge() {
  const { status, caps, force, setForce } = useCapabilities();
  if (status === 'probing' || !caps)
    return (
      <span className="cap-badge muted" data-testid="caps">
        probing device…
      </span>
    );
  const items = caps.webgpu
    ? [
        `WebGPU · ${caps.adapterName ?? 'adapter'}`,
        ...(caps.softwareAdapter ? [softwareChip(caps.softwareAdapter, force)] : []),
        caps.shaderF16 ? 'shader-f16' : 'no shader-f16',
        `buffer ${formatBytes(caps.maxBufferSize)}`,
        `binding ${formatBytes(caps.maxStorageBufferBindingSize)}`,
      ]
    : ['wasm only'];
  items.push(caps.crossOriginIsolated ? `${caps.threads} wasm threads` : '1 wasm thread');
  // Without JSPI, ORT's asyncify build: larger, slower to compile and to run.
  if (caps.jspi === false) items.push('no JSPI');
  const warn = (t: string) => t.startsWith('no ') || t === 'wasm only' || t.startsWith('software ');
  return (
    <span
      className="cap-badge"
      data-testid="caps"
      data-webgpu={String(caps.webgpu)}
      data-software={caps.softwareAdapter ?? ''}
      data-force={force ?? 'auto'}
    >
      {items.map((t) => (
        <span key={t} className={`chip ${warn(t) ? 'warn' : ''}`}>
          {t}
        </span>
      ))}
      <label className="chip" title="Where the models run: automatic picks the faster provider for each graph on this device">
        run on{' '}
        <select
          data-testid="ep-switch"
          value={force ?? 'auto'}
          onChange={(e) => setForce(e.target.value === 'auto' ? undefined : (e.target.value as ForcedProvider))}
        >
          <option value="auto">fastest (automatic)</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">wasm (CPU)</option>
        </select>
      </label>
    </span>
  );
}

export function WasmBanner() {
  const caps = useCapabilities((s) => s.caps);
  if (!caps || caps.webgpu) return null;
  return (
    <div className="banner" data-testid="wasm-banner" role="status">
      <strong>No WebGPU here.</strong> The pipeline runs on the WebAssembly (wasm) execution provider on your CPU, which is much slower; a
      Lumen server (Advanced settings → Run on) can do the work instead.{' '}
      <span className="muted">({caps.webgpuReason ?? 'no adapter'})</span>
    </div>
  );
}
