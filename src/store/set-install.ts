// Installs a whole model set into the store: which files, whether they fit, two at a time, one progress
// figure for all of them. It talks to the store through StoreClient, so the same code drives the OPFS
// worker in the browser and a memory store in Node tests. Pause is an abort (downloadFile keeps the
// partials and the next install resumes them); cancel is an abort plus deleting the partials.
import type { ModelSet } from '../../models/model-set';
import { AbortError } from '../pipeline/progress';
import type { DownloadProgress, DownloadResult, StoreEntry } from './download';
import type { StoredStatus, VerifyResult } from './stored-file';

export interface SetFile {
  /** Relative to the set's baseUrl (what the pipeline asks its AssetSource for). */
  path: string;
  /** Where it lives in the store: `<setId>/<path>` (web-context reads it back from there). */
  storePath: string;
  url: string;
  bytes?: number;
  sha256?: string;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** The store worker's API as the installer needs it (workers/store.worker.ts behind the bridge). */
export interface StoreClient {
  download(entry: StoreEntry, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<DownloadResult>;
  status(path: string): Promise<StoredStatus | null>;
  remove(path: string): Promise<void>;
  verify(path: string): Promise<VerifyResult>;
}

export interface StorageApi {
  estimate(): Promise<{ quota?: number; usage?: number }>;
  persist?(): Promise<boolean>;
}

export type FileState =
  | { kind: 'missing'; bytesDone: 0 }
  | { kind: 'partial'; bytesDone: number }
  | { kind: 'complete'; bytesDone: number }
  | { kind: 'error'; bytesDone: number; message: string };

export interface SetProgress {
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds; 0 until measured. */
  speed: number;
  /** Seconds left at that speed, or undefined while the speed is unknown. */
  etaSeconds?: number;
  /** Per store path, for the file list. */
  files: Record<string, FileState>;
}

/** A real set whose manifest lacks a file's SHA-256 cannot be verified, so it is not installed. */
export class UnknownHashError extends Error {
  override name = 'UnknownHashError';
  constructor(readonly files: string[]) {
    super(`Cannot install yet: expected hash unknown for ${files.length} file(s) (${files.join(', ')}). ` +
      'A file that cannot be verified is never marked complete.');
  }
}

export class InsufficientStorageError extends Error {
  override name = 'InsufficientStorageError';
  constructor(
    readonly neededBytes: number,
    readonly freeBytes: number,
  ) {
    super(`Not enough storage: this set needs ${mb(neededBytes)} more, ${mb(freeBytes)} free. ` +
      'Free some space in this browser (or allow persistent storage) and try again.');
  }
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
}

export const storePathOf = (setId: string, path: string) => `${setId}/${path}`;

/** Graphs and tokenizer files of a set, with sizes and hashes from its manifest where it has one. */
export function setFiles(set: ModelSet, baseUrl: string, manifest?: ManifestFile[]): SetFile[] {
  const refs = manifest ?? [...Object.values(set.graphs), set.tokenizers.clip1, set.tokenizers.clip2];
  return refs.map((r) => ({
    path: r.path,
    storePath: storePathOf(set.id, r.path),
    url: new URL(r.path, baseUrl).href,
    bytes: r.bytes,
    sha256: r.sha256,
  }));
}

/** The fixture set ships manifest.json beside its graphs; a real set's declaration is its manifest. */
export async function loadSetFiles(set: ModelSet, baseUrl: string, fetchFn: typeof fetch = fetch): Promise<SetFile[]> {
  if (set.kind !== 'fixture') return setFiles(set, baseUrl);
  const res = await fetchFn(new URL('manifest.json', baseUrl).href, { cache: 'no-store' });
  if (!res.ok) throw new Error(`Could not read the manifest of "${set.label}": HTTP ${res.status}.`);
  return setFiles(set, baseUrl, ((await res.json()) as { files: ManifestFile[] }).files);
}

export function toFileState(st: StoredStatus | null): FileState {
  if (!st) return { kind: 'missing', bytesDone: 0 };
  if (st.complete) return { kind: 'complete', bytesDone: st.bytesDone };
  return st.bytesDone > 0 ? { kind: 'partial', bytesDone: st.bytesDone } : { kind: 'missing', bytesDone: 0 };
}

export async function setStatus(files: SetFile[], client: StoreClient): Promise<Record<string, FileState>> {
  const states = await Promise.all(files.map(async (f) => [f.storePath, toFileState(await client.status(f.storePath))] as const));
  return Object.fromEntries(states);
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
  /** Files downloading at once (default 2: more only splits the same bandwidth and holds more handles). */
  concurrency?: number;
  now?: () => number;
}

export interface InstallResult {
  /** Bytes fetched by this call (0 when everything was already complete). */
  bytesFetched: number;
  requests: number;
  failed: { path: string; error: Error }[];
}

/** Refuses before any byte moves: unknown hashes, or more bytes still to fetch than the browser has free. */
export async function checkInstall(files: SetFile[], states: Record<string, FileState>, storage?: StorageApi): Promise<{ neededBytes: number; freeBytes?: number }> {
  const unknown = files.filter((f) => !f.sha256 || f.bytes === undefined).map((f) => f.path);
  if (unknown.length) throw new UnknownHashError(unknown);
  const neededBytes = files.reduce((n, f) => n + f.bytes! - (states[f.storePath]?.bytesDone ?? 0), 0);
  if (!storage) return { neededBytes };
  const { quota, usage } = await storage.estimate();
  const freeBytes = quota === undefined || usage === undefined ? undefined : Math.max(0, quota - usage);
  if (freeBytes !== undefined && neededBytes > freeBytes) throw new InsufficientStorageError(neededBytes, freeBytes);
  return { neededBytes, freeBytes };
}

export async function installSet(files: SetFile[], client: StoreClient, storage: StorageApi | undefined, options: InstallOptions = {}): Promise<InstallResult> {
  const { signal, onProgress } = options;
  const now = options.now ?? Date.now;
  if (signal?.aborted) throw new AbortError();
  const states = await setStatus(files, client);
  await checkInstall(files, states, storage);
  // Asked once per install; the browser may say no (then eviction stays possible, which is not fatal).
  await storage?.persist?.().catch(() => false);

  const bytesTotal = files.reduce((n, f) => n + f.bytes!, 0);
  const startBytes = Object.values(states).reduce((n, s) => n + s.bytesDone, 0);
  const meter = speedMeter();
  const report = () => {
    const bytesDone = Object.values(states).reduce((n, s) => n + s.bytesDone, 0);
    const speed = meter(now(), bytesDone);
    onProgress?.({ bytesDone, bytesTotal, speed, etaSeconds: speed > 0 ? (bytesTotal - bytesDone) / speed : undefined, files: { ...states } });
  };
  report();

  const queue = files.filter((f) => states[f.storePath].kind !== 'complete');
  const result: InstallResult = { bytesFetched: 0, requests: 0, failed: [] };
  const worker = async () => {
    for (let f = queue.shift(); f && !signal?.aborted; f = queue.shift()) {
      const entry: StoreEntry = { path: f.storePath, url: f.url, bytes: f.bytes!, sha256: f.sha256! };
      try {
        const r = await client.download(entry, (p) => {
          states[f.storePath] = { kind: 'partial', bytesDone: p.bytesDone };
          report();
        }, signal);
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
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
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
