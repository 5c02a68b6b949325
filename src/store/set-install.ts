// Installs a whole model set into the store: which files, whether they fit, two at a time, one progress
// figure for all of them. It talks to the store through StoreClient, so the same code drives the OPFS
// worker in the browser and a memory store in Node tests. Pause is an abort (downloadFile keeps the
// partials and the next install resumes them); cancel is an abort plus deleting the partials.
import { AbortError } from '../leaf/abort';
import type { StoreClient } from './store-api';
import { UnknownHashError } from './errors';
import { withHostHashes, type Described, type HostLookup } from './host-hashes';
import { entryOf, setStatus, type FileState, type SetFile } from './set-files';
import type { VerifyResult } from './stored-file';

export { loadSetFiles, setFiles, setStatus, storePathOf, type FileState, type ManifestFile, type SetFile } from './set-files';

/** The store worker's API as the installer needs it (workers/store.worker.ts behind the bridge). */
export interface StorageApi {
  estimate(): Promise<{ quota?: number; usage?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

export interface SetProgress {
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds; 0 until measured. */
  speed: number;
  /** Seconds left at that speed, or undefined while the speed is unknown. */
  etaSeconds?: number;
  /** Per store path, for the file list. */
  files: Record<string, FileState>;
  /** What the user should know (a host's file changed and is fetched again). */
  notes: string[];
}

export class InsufficientStorageError extends Error {
  override name = 'InsufficientStorageError';
  constructor(
    readonly neededBytes: number,
    readonly freeBytes: number,
  ) {
    super(
      `Not enough storage: this set needs ${mb(neededBytes)} more, ${mb(freeBytes)} free. ` +
        'Free some space in this browser (or allow persistent storage) and try again.',
    );
  }
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
}

/** Measures speed over a sliding window, so a pause or a slow file shows up within seconds. */
export function speedMeter(windowMs = 3000) {
  const samples: { t: number; bytes: number }[] = [];
  return (t: number, bytes: number): number => {
    samples.push({ t, bytes });
    while (samples.length > 2 && t - samples[0].t > windowMs) samples.shift();
    const first = samples[0];
    const dt = (t - first.t) / 1000;
    return dt >= 0.2 ? Math.max(0, (bytes - first.bytes) / dt) : 0;
  };
}

export interface InstallOptions {
  signal?: AbortSignal;
  onProgress?: (p: SetProgress) => void;
  now?: () => number;
  /** The host, for files whose size and hash come from its listing and for the token. */
  host?: HostLookup;
  /** The files once the host has described them (sizes and hashes filled in). */
  onFiles?: (files: SetFile[]) => void;
}

export interface InstallResult {
  /** Bytes fetched by this call (0 when everything was already complete). */
  bytesFetched: number;
  requests: number;
  failed: { path: string; error: Error }[];
  notes: string[];
  /** The files with everything the host said about them. */
  files: SetFile[];
}

/** Refuses before any byte moves: unknown hashes, or more bytes still to fetch than the browser has free. */
export async function checkInstall(
  files: SetFile[],
  states: Record<string, FileState>,
  storage?: StorageApi,
): Promise<{ neededBytes: number; freeBytes?: number }> {
  const unknown = files.filter((f) => (!f.sha256 && !f.gitSha1) || f.bytes === undefined).map((f) => f.path);
  if (unknown.length) throw new UnknownHashError(unknown);
  const neededBytes = files.reduce((n, f) => n + f.bytes! - (states[f.storePath]?.bytesDone ?? 0), 0);
  if (!storage) return { neededBytes };
  const { quota, usage } = await storage.estimate();
  const freeBytes = quota === undefined || usage === undefined ? undefined : Math.max(0, quota - usage);
  if (freeBytes !== undefined && neededBytes > freeBytes) throw new InsufficientStorageError(neededBytes, freeBytes);
  return { neededBytes, freeBytes };
}

/** The set's files with sizes and hashes from the host where the manifest has none. */
export async function describeFiles(files: SetFile[], host: HostLookup | undefined): Promise<Described<SetFile>> {
  return host && files.some((f) => !f.sha256 && !f.gitSha1 && f.hub) ? withHostHashes(files, host) : { files, failed: [] };
}

export async function installSet(
  declared: SetFile[],
  client: StoreClient,
  storage: StorageApi | undefined,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const { signal, onProgress } = options;
  const now = options.now ?? Date.now;
  if (signal?.aborted) throw new AbortError();
  // Asked every time: a moving revision (e.g. "main") may have changed since the last install.
  const described = await describeFiles(declared, options.host && { ...options.host, signal });
  const files = described.files;
  options.onFiles?.(files);
  const states = await setStatus(files, client);
  // Files the host could not describe fail now; the rest install.
  const undescribed = new Set(described.failed.map((f) => f.path));
  const installable = files.filter((f) => !undescribed.has(f.path));
  if (!installable.length && described.failed.length) throw new Error(described.failed.map((f) => f.error.message).join('\n'));
  await checkInstall(installable, states, storage);
  // Asked once per install; the browser may say no (then eviction stays possible, which is not fatal).
  await storage?.persist?.().catch(() => false);

  const bytesTotal = installable.reduce((n, f) => n + f.bytes!, 0);
  const startBytes = Object.values(states).reduce((n, s) => n + s.bytesDone, 0);
  const meter = speedMeter();
  const notes: string[] = [];
  const report = () => {
    const bytesDone = Object.values(states).reduce((n, s) => n + s.bytesDone, 0);
    const speed = meter(now(), bytesDone);
    onProgress?.({
      bytesDone,
      bytesTotal,
      speed,
      etaSeconds: speed > 0 ? (bytesTotal - bytesDone) / speed : undefined,
      files: { ...states },
      notes: [...notes],
    });
  };
  report();

  const queue = installable.filter((f) => states[f.storePath].kind !== 'complete');
  const result: InstallResult = { bytesFetched: 0, requests: 0, failed: [...described.failed], notes, files };
  for (const f of files) {
    const bad = described.failed.find((x) => x.path === f.path);
    if (bad) states[f.storePath] = { kind: 'error', bytesDone: states[f.storePath].bytesDone, message: bad.error.message };
  }
  const worker = async () => {
    for (let f = queue.shift(); f && !signal?.aborted; f = queue.shift()) {
      const entry = entryOf(f, options.host?.settings);
      try {
        const r = await client.download(
          entry,
          (p) => {
            if (p.note) notes.push(p.note);
            states[f.storePath] = { kind: 'partial', bytesDone: p.bytesDone };
            report();
          },
          signal,
        );
        states[f.storePath] = { kind: 'complete', bytesDone: r.bytes };
        result.requests += r.requests;
      } catch (e) {
        if (signal?.aborted) return;
        // One bad file does not stop the others; the panel lists which failed and why.
        const st = states[f.storePath];
        states[f.storePath] = { kind: 'error', bytesDone: st.bytesDone, message: (e as Error).message };
        result.failed.push({ path: f.path, error: e as Error });
      }
      report();
    }
  };
  // Two files at once: more only splits the same bandwidth and holds more handles.
  await Promise.all(Array.from({ length: 2 }, worker));
  if (signal?.aborted) throw new AbortError('Paused');
  result.bytesFetched = Object.values(states).reduce((n, s) => n + s.bytesDone, 0) - startBytes;
  return result;
}

// An aborted download lets go of its file a moment after the abort is reported; wait for it briefly.
async function whenFree<T>(fn: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if ((e as Error).name !== 'FileBusyError' || i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Cancel = stop and forget the unfinished files; files already complete stay installed. */
export async function discardPartials(files: SetFile[], client: StoreClient): Promise<void> {
  for (const f of files) {
    const st = await whenFree(() => client.status(f.storePath));
    if (st && !st.complete) await whenFree(() => client.remove(f.storePath));
  }
}

export async function deleteSet(files: SetFile[], client: StoreClient): Promise<void> {
  for (const f of files) await whenFree(() => client.remove(f.storePath));
}

/** Re-hashes every stored file; a corrupt one is deleted by the store and shows as missing again. */
export async function verifySet(files: SetFile[], client: StoreClient): Promise<VerifyResult[]> {
  const out: VerifyResult[] = [];
  for (const f of files) out.push(await client.verify(f.storePath));
  return out;
}
