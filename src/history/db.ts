// The history's IndexedDB: 'runs' holds the small records the strip lists, 'payloads' the Blobs of each
// run. IndexedDB rather than OPFS because it stores Blobs and records together in one transaction, so a
// run is either wholly saved or not at all, and it works the same offline.
import type { HistoryPayload, HistoryRecord } from './entry';

const DB_NAME = 'lumen-history';
const VERSION = 1;

export class HistoryStorageError extends Error {
  override name = 'HistoryStorageError';
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(describe(tx.error));
  });
}

function describe(e: DOMException | null): Error {
  if (e?.name === 'QuotaExceededError') {
    return new HistoryStorageError(
      'The browser has no room left to keep this run in the history. Delete older runs (or model sets) to make room.',
    );
  }
  return new HistoryStorageError(`The history could not be written (${e?.message ?? 'unknown error'}).`);
}

let opened: Promise<IDBDatabase> | undefined;

export function openHistoryDb(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined')
    return Promise.reject(new HistoryStorageError('This browser has no IndexedDB, so runs cannot be kept.'));
  opened ??= new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, VERSION);
    r.onupgradeneeded = () => {
      r.result.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      r.result.createObjectStore('payloads', { keyPath: 'id' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => {
      opened = undefined;
      reject(new HistoryStorageError(`The history could not be opened (${r.error?.message}).`));
    };
  });
  return opened;
}

export async function putRun(record: HistoryRecord, payload: HistoryPayload): Promise<void> {
  const db = await openHistoryDb();
  const tx = db.transaction(['runs', 'payloads'], 'readwrite');
  tx.objectStore('payloads').put(payload);
  tx.objectStore('runs').put(record);
  await done(tx);
}

/** Every record, newest first. */
export async function listRuns(): Promise<HistoryRecord[]> {
  const db = await openHistoryDb();
  const all = await request(db.transaction('runs').objectStore('runs').index('createdAt').getAll() as IDBRequest<HistoryRecord[]>);
  return all.reverse();
}

export async function getRun(id: string): Promise<{ record: HistoryRecord; payload: HistoryPayload } | undefined> {
  const db = await openHistoryDb();
  const tx = db.transaction(['runs', 'payloads']);
  const [record, payload] = await Promise.all([
    request(tx.objectStore('runs').get(id) as IDBRequest<HistoryRecord | undefined>),
    request(tx.objectStore('payloads').get(id) as IDBRequest<HistoryPayload | undefined>),
  ]);
  return record && payload ? { record, payload } : undefined;
}

export async function updateRecord(record: HistoryRecord): Promise<void> {
  const db = await openHistoryDb();
  const tx = db.transaction('runs', 'readwrite');
  tx.objectStore('runs').put(record);
  await done(tx);
}

export async function deleteRuns(ids: string[] | 'all'): Promise<void> {
  const db = await openHistoryDb();
  const tx = db.transaction(['runs', 'payloads'], 'readwrite');
  for (const name of ['runs', 'payloads']) {
    const store = tx.objectStore(name);
    if (ids === 'all') store.clear();
    else for (const id of ids) store.delete(id);
  }
  await done(tx);
}
