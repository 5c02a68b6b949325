// Drives the real store worker (OPFS, comlink, the worker bridge) for the store e2e specs, and reads or
// damages what landed in OPFS through the page's async API as an independent check.
import { FIXTURE_SET } from '../models/sets/fixture';
import type { DownloadProgress, StoreEntry } from '../src/store/download';
import { DEFAULT_HOST, hostBase, type HostSettings } from '../src/store/hosts';
import { installSet, setFiles, type ManifestFile, type SetFile, type SetProgress } from '../src/store/set-install';
import { storeWorkerClient } from '../src/backends/store-client';
import { fixtureHubSet } from './support/hub-sets';

const client = storeWorkerClient();
const installs = new Map<string, { controller: AbortController; progress?: SetProgress }>();
const failure = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message });

/** Which files to install: the fixture manifest's (hashes known) or the Hub-shaped repository's (from the host). */
export interface SetSpec {
  kind: 'manifest' | 'hub';
  /** The test server's base URL. */
  base: string;
  revision?: string;
  /** Appended to every file URL (`s=<session>` for the server's per-session faults and log). */
  query?: string;
  /** Per file name (last path segment): its fault script, e.g. { 'dit.onnx': 'drop@500' }. */
  faults?: Record<string, string>;
}

async function filesOf(spec: SetSpec, host: HostSettings): Promise<SetFile[]> {
  let files: SetFile[];
  if (spec.kind === 'manifest') {
    // The app's own copy of the manifest; the files themselves come from the test server.
    const manifest = (await (await fetch(`${import.meta.env.BASE_URL}models/fixture/manifest.json`)).json()) as { files: ManifestFile[] };
    files = setFiles(FIXTURE_SET, spec.base, manifest.files);
  } else {
    files = setFiles(fixtureHubSet('hubfix', spec.revision), hostBase(host), undefined, host);
  }
  return files.map((f) => {
    const name = f.path.split('/').at(-1)!;
    const q = [spec.query, spec.faults?.[name] ? `faults=${spec.faults[name]}` : ''].filter(Boolean).join('&');
    return q ? { ...f, url: `${f.url}?${q}` } : f;
  });
}

const harness = {
  /** One download; `abortAfterMs` aborts it through the bridge (as the panel's pause does). */
  async download(entry: StoreEntry, abortAfterMs?: number) {
    const controller = new AbortController();
    const progress: DownloadProgress[] = [];
    const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
    try {
      const result = await client.download(entry, (p) => void progress.push(p), controller.signal);
      return { ok: true as const, result, progress };
    } catch (e) {
      return { ok: false as const, error: failure(e), progress };
    } finally {
      clearTimeout(timer);
    }
  },
  /**
   * A whole set through installSet, with hashes from the host when the spec has none. Under a `key`,
   * pause(key) aborts it (as the panel's pause does) and bytesDone(key, name) reads its progress.
   */
  async install(spec: SetSpec, host: HostSettings = { ...DEFAULT_HOST, kind: 'mirror', mirrorUrl: spec.base }, key?: string) {
    const controller = new AbortController();
    if (key) installs.set(key, { controller });
    const onProgress = (p: SetProgress) => void (key && installs.set(key, { controller, progress: p }));
    try {
      const files = await filesOf(spec, host);
      const r = await installSet(files, client, navigator.storage, {
        host: { settings: host, base: hostBase(host) },
        signal: controller.signal,
        onProgress,
      });
      return {
        ok: true as const,
        result: { ...r, failed: r.failed.map((f) => ({ path: f.path, ...failure(f.error) })) },
      };
    } catch (e) {
      return { ok: false as const, error: failure(e) };
    }
  },
  pause: (key: string) => installs.get(key)?.controller.abort(),
  /** Bytes stored so far of the keyed install's file whose name is `name` (0 before any progress). */
  bytesDone(key: string, name: string): number {
    const files = installs.get(key)?.progress?.files ?? {};
    return Object.entries(files).find(([path]) => path.endsWith(`/${name}`))?.[1].bytesDone ?? 0;
  },
  status: (path: string) => client.status(path),
  verify: (path: string) => client.verify(path),
  remove: (path: string) => client.remove(path),
  async file(path: string): Promise<File | null> {
    try {
      let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('models');
      const parts = path.split('/');
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
      return await (await dir.getFileHandle(parts.at(-1)!)).getFile();
    } catch {
      return null;
    }
  },
  /** SHA-256 and size of the stored data file as the page sees it, or null when absent. */
  async stored(path: string): Promise<{ bytes: number; sha256: string } | null> {
    const file = await harness.file(path);
    if (!file) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    return { bytes: file.size, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
  },
  /** Flips one stored byte in place (a disk or a bug damaging a complete file); its record is untouched. */
  async corrupt(path: string, offset: number): Promise<void> {
    const file = await harness.file(path);
    if (!file) throw new Error(`nothing stored at ${path}`);
    const byte = new Uint8Array(await file.slice(offset, offset + 1).arrayBuffer());
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('models');
    const parts = path.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    const w = await (await dir.getFileHandle(parts.at(-1)!)).createWritable({ keepExistingData: true });
    await w.write({ type: 'write', position: offset, data: Uint8Array.of(byte[0] ^ 0xff) });
    await w.close();
  },
  /** Empties the store's OPFS folder so each test starts clean. */
  async clear() {
    await (await navigator.storage.getDirectory()).removeEntry('models', { recursive: true }).catch(() => undefined);
  },
};

declare global {
  interface Window {
    lumenStore: typeof harness;
  }
}
window.lumenStore = harness;
document.querySelector('[data-testid="harness-ready"]')?.removeAttribute('hidden');
