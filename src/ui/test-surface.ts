// A small read-only surface for end-to-end tests (plus the one fault hook they need), on window.__lumenTest.
// Nothing in the app reads it.
import { useGeneration } from '../state/generation';

export interface LumenTestSurface {
  /** Vertices of each part mesh of the cloud on screen. */
  meshVertexCounts(): number[];
  /** FNV-1a over the bytes of the on-screen cloud's positions and part ids (equal clouds, equal hashes). */
  cloudHash(): string | undefined;
}

declare global {
  interface Window {
    __lumenTest?: LumenTestSurface & Record<string, unknown>;
  }
}

export function bytesHash(...arrays: ArrayBufferView[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function installTestSurface(extra: Record<string, unknown> = {}): void {
  if (typeof window === 'undefined') return;
  window.__lumenTest = Object.assign(
    window.__lumenTest ?? {},
    {
      meshVertexCounts: () => (useGeneration.getState().cloud?.meshes ?? []).map((m) => m.positions.length / 3),
      cloudHash: () => {
        const c = useGeneration.getState().cloud;
        return c && bytesHash(c.positions, c.partIds);
      },
    },
    extra,
  );
}
