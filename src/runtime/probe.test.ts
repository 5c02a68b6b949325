import { describe, expect, it } from 'vitest';
import { probeCapabilities, softwareAdapterOf, summarizeCapabilities } from './probe';

// Adapter infos as browsers report them (Chromium 156 with SwiftShader here: vendor 'google',
// architecture 'swiftshader', isFallbackAdapter true; Mesa and Windows renderers by their usual strings).
const SOFTWARE: [Parameters<typeof softwareAdapterOf>[0], string][] = [
  [{ vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true }, 'SwiftShader'],
  [{ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' }, 'SwiftShader'],
  [{ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, 'llvmpipe'],
  [{ vendor: 'mesa', description: 'lavapipe' }, 'lavapipe'],
  [{ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }, 'Microsoft Basic Render Driver'],
  [{ vendor: 'intel', architecture: 'gen-12lp', isFallbackAdapter: true }, 'a fallback adapter'],
];
const HARDWARE = [
  { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' },
  { vendor: 'apple', architecture: 'metal-3' },
  { vendor: 'intel', architecture: 'gen-12lp', isFallbackAdapter: false },
  { vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7900 XT (software-managed clocks)' },
  {},
];

describe('softwareAdapterOf', () => {
  it('names CPU renderers and fallback adapters, in any letter case', () => {
    for (const [info, name] of SOFTWARE) {
      expect(softwareAdapterOf(info)).toBe(name);
      const shout = Object.fromEntries(Object.entries(info).map(([k, v]) => [k, typeof v === 'string' ? v.toUpperCase() : v]));
      expect(softwareAdapterOf(shout)).toBe(name);
    }
  });

  it('leaves hardware adapters alone', () => {
    for (const info of HARDWARE) expect(softwareAdapterOf(info)).toBeUndefined();
  });
});

describe('JSPI in the capabilities', () => {
  it('the probe reports what this realm has, and the summary names only its absence', async () => {
    // Node 20 has no WebAssembly.Suspending; the probe must say so rather than assume a browser.
    const caps = await probeCapabilities();
    expect(caps.jspi).toBe('Suspending' in WebAssembly);
    const base = { webgpu: false, shaderF16: false, crossOriginIsolated: true, threads: 4 };
    expect(summarizeCapabilities({ ...base, jspi: false })).toMatch(/4 wasm threads, no JSPI/);
    expect(summarizeCapabilities({ ...base, jspi: true })).not.toMatch(/JSPI/);
  });
});
