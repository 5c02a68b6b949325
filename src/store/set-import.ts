// Installs a set from files the user picked or dropped (the path for machines that cannot reach the
// host): match each picked file to the set, then copy the matches one after another through the store
// worker, which checks size and hash as it copies. Everything that did not fit is reported, by file.
import { AbortError } from '../leaf/abort';
import { ImportMismatchError } from './errors';
import { matchImport, type PickedFile } from './import-match';
import { entryOf, setStatus, type SetFile } from './set-files';
import type { StoreClient } from './store-api';
import { describeFiles, InsufficientStorageError, speedMeter, type InstallOptions, type StorageApi } from './set-install';

export interface ImportProblem {
  /** The set's path of the file concerned, or the picked file's path for one that is no file of the set. */
  path: string;
  message: string;
}

export interface ImportReport {
  imported: string[];
  /** Already stored complete and current: left alone. */
  already: string[];
  problems: ImportProblem[];
  /** Set files nothing was picked for and that are not stored either. */
  missing: string[];
  /** Picked files that are no file of the set. */
  unused: string[];
  files: SetFile[];
}

export async function importSet(
  declared: SetFile[],
  picked: PickedFile[],
  client: StoreClient,
  storage: StorageApi | undefined,
  options: Pick<InstallOptions, 'signal' | 'onProgress' | 'host' | 'onFiles' | 'now'> = {},
): Promise<ImportReport> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new AbortError();
  const report: ImportReport = { imported: [], already: [], problems: [], missing: [], unused: [], files: declared };
  // Offline is the usual reason to import: a file the host cannot describe is reported, the others go on.
  const described = await describeFiles(declared, options.host && { ...options.host, signal });
  const files = described.files;
  const hostProblem = new Map(described.failed.map((f) => [f.path, f.error.message]));
  report.files = files;
  options.onFiles?.(files);

  const plan = matchImport(files, picked);
  report.unused = plan.unused.map((p) => p.path);
  for (const m of plan.wrongSize)
    report.problems.push({
      path: m.target.path,
      message: new ImportMismatchError(m.target.path, m.picked.path, 'size', String(m.target.bytes), String(m.picked.file.size)).message,
    });
  for (const a of plan.ambiguous) {
    report.problems.push({
      path: a.target.path,
      message: `Several picked files could be "${a.target.path}" (${a.picked.map((p) => p.path).join(', ')}); pick only one.`,
    });
  }

  const states = await setStatus(files, client);
  // Not picked and not stored: what the set still lacks.
  report.missing = plan.missing.filter((f) => states[f.storePath].kind !== 'complete').map((f) => f.path);
  const todo = plan.matched.filter(({ target }) => {
    if (states[target.storePath].kind === 'complete') return (void report.already.push(target.path), false);
    if (!target.sha256 && !target.gitSha1) {
      report.problems.push({
        path: target.path,
        message:
          `"${target.path}": its expected hash is unknown, so it cannot be verified and is not imported.` +
          (hostProblem.has(target.path) ? ` ${hostProblem.get(target.path)}` : ''),
      });
      return false;
    }
    return true;
  });

  const needed = todo.reduce((n, m) => n + m.target.bytes!, 0);
  const est = await storage?.estimate().catch(() => undefined);
  const free = est?.quota !== undefined && est.usage !== undefined ? Math.max(0, est.quota - est.usage) : undefined;
  if (free !== undefined && needed > free) throw new InsufficientStorageError(needed, free);
  await storage?.persist?.().catch(() => false);

  const meter = speedMeter();
  const now = options.now ?? Date.now;
  let base = 0;
  const tell = (path?: string, fileBytes = 0) => {
    const bytesDone = base + fileBytes;
    const speed = meter(now(), bytesDone);
    const filesState = path ? { ...states, [path]: { kind: 'partial' as const, bytesDone: fileBytes } } : { ...states };
    onProgress?.({
      bytesDone,
      bytesTotal: needed,
      speed,
      etaSeconds: speed > 0 ? (needed - bytesDone) / speed : undefined,
      files: filesState,
      notes: [],
    });
  };
  for (const { target, picked: p } of todo) {
    if (signal?.aborted) throw new AbortError();
    try {
      await client.importFile(entryOf(target), { file: p.file, name: p.path }, (x) => tell(target.storePath, x.bytesDone), signal);
      states[target.storePath] = { kind: 'complete', bytesDone: target.bytes! };
      report.imported.push(target.path);
    } catch (e) {
      if (signal?.aborted || (e as Error).name === 'AbortError') throw new AbortError('Import stopped');
      report.problems.push({ path: target.path, message: (e as Error).message });
    }
    base += target.bytes!;
    tell();
  }
  return report;
}
