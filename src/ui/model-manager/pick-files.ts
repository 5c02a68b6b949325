// Files the user chose for an import, with the path each had under the chosen folder: from the folder
// picker (showDirectoryPicker, Chromium), from <input webkitdirectory> (everywhere else), or from a drop
// (folders are walked through webkitGetAsEntry). Only File handles are collected; nothing is read here.
import type { PickedFile } from '../../store/import-match';

type DirHandle = { name: string; kind: 'directory'; values(): AsyncIterable<DirHandle | FileHandle> };
type FileHandle = { name: string; kind: 'file'; getFile(): Promise<File> };

/** Whether this browser has the folder picker (else the webkitdirectory input is used). */
export function hasDirectoryPicker(): boolean {
  return typeof (window as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

async function walkHandle(dir: DirHandle, prefix: string, out: PickedFile[]): Promise<void> {
  for await (const h of dir.values()) {
    if (h.kind === 'file') out.push({ path: `${prefix}${h.name}`, file: await h.getFile() });
    else await walkHandle(h, `${prefix}${h.name}/`, out);
  }
}

/** Opens the folder picker; null when the user closed it. */
export async function pickDirectory(): Promise<PickedFile[] | null> {
  let dir: DirHandle;
  try {
    dir = await (window as unknown as { showDirectoryPicker(o: { mode: 'read' }): Promise<DirHandle> }).showDirectoryPicker({
      mode: 'read',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') return null;
    throw e;
  }
  const out: PickedFile[] = [];
  await walkHandle(dir, `${dir.name}/`, out);
  return out;
}

/** An <input type=file> selection; webkitdirectory selections carry their relative paths. */
export function fromFileList(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

type Entry = { name: string; isFile: boolean; isDirectory: boolean; fullPath: string };
type FileEntry = Entry & { file(ok: (f: File) => void, fail: (e: unknown) => void): void };
type DirEntry = Entry & { createReader(): { readEntries(ok: (e: Entry[]) => void, fail: (e: unknown) => void): void } };

async function walkEntry(entry: Entry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileEntry).file(ok, fail));
    out.push({ path: entry.fullPath.replace(/^\/+/, ''), file });
    return;
  }
  const reader = (entry as DirEntry).createReader();
  // readEntries answers in batches until it answers an empty one.
  for (;;) {
    const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) break;
    for (const e of batch) await walkEntry(e, out);
  }
}

/** What was dropped: files as they are, folders walked with their paths. */
export async function fromDrop(data: DataTransfer): Promise<PickedFile[]> {
  // Entries must be taken during the drop event itself, before any await.
  const entries: Entry[] = [];
  for (const item of [...data.items]) {
    const e = (item.webkitGetAsEntry?.() ?? null) as Entry | null;
    if (e) entries.push(e);
  }
  if (!entries.length) return fromFileList(data.files);
  const out: PickedFile[] = [];
  for (const e of entries) await walkEntry(e, out);
  return out;
}
