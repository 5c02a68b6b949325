// A graph stored in OPFS as a GraphSource for the runtime, with no whole copy on the JS heap: the model
// is reduced to a skeleton (models/convert/skeleton.ts: large initializers become references into the
// stored file itself), and the stored file plus any external data files it already names (a derived
// variant's or the compiler's companion file, stored beside it) are mounted as FileBytes, which read
// each initializer from OPFS when ORT places it.
import { blobSource } from '../../models/convert/byte-source';
import { skeletonOf } from '../../models/convert/skeleton';
import type { ExternalFile, GraphSource } from './graph';
import { openFileBytes, type FileBytes } from './opfs-file-bytes';
import { completeStoredFile, type StoredDir, type StoredHandle } from './stored-files';

/** The name the skeleton gives the stored file itself (never a name an exporter writes). */
export const SELF_LOCATION = 'lumen-stored-model.onnx';

export class MissingExternalDataError extends Error {
  override name = 'MissingExternalDataError';
  constructor(
    readonly model: string,
    readonly file: string,
  ) {
    super(`The stored graph ${model} keeps weights in "${file}", which is not in the model store (complete) beside it.`);
  }
}

function siblingPath(storePath: string, location: string): string {
  const dir = storePath.includes('/') ? storePath.slice(0, storePath.lastIndexOf('/') + 1) : '';
  return dir + location.replace(/^\.\//, '');
}

type Openable = StoredHandle & Partial<FileSystemFileHandle>;

async function mount(handle: StoredHandle, file: Blob): Promise<FileBytes | Blob> {
  // In Node tests the handle is a plain object without OPFS's methods: hand over the Blob.
  return 'createSyncAccessHandle' in handle || typeof (globalThis as { FileReaderSync?: unknown }).FileReaderSync === 'function'
    ? openFileBytes(handle as Openable as FileSystemFileHandle, file as File)
    : file;
}

/** null when the store does not hold `storePath` complete (the caller then fetches it). */
export async function storedGraphSource(
  root: StoredDir,
  storePath: string,
  options: { threshold?: number } = {},
): Promise<GraphSource | null> {
  const stored = await completeStoredFile(root, storePath);
  if (!stored) return null;
  const skeleton = await skeletonOf(blobSource(stored.file), { location: SELF_LOCATION, threshold: options.threshold });
  const others = await Promise.all(
    skeleton.otherFiles.map(async (location) => {
      const f = await completeStoredFile(root, siblingPath(storePath, location));
      if (!f) throw new MissingExternalDataError(storePath, location);
      return { location, f };
    }),
  );
  const opened: (FileBytes | Blob)[] = [];
  const externalData: ExternalFile[] = [];
  try {
    if (skeleton.tensors > 0) {
      const self = await mount(stored.handle, stored.file);
      opened.push(self);
      externalData.push({ path: SELF_LOCATION, data: self });
    }
    for (const { location, f } of others) {
      const data = await mount(f.handle, f.file);
      opened.push(data);
      externalData.push({ path: location, data });
    }
  } catch (e) {
    for (const o of opened) if ('close' in o) o.close();
    throw e;
  }
  return {
    model: skeleton.model,
    externalData,
    describe: `${storePath} from OPFS: ${skeleton.model.length} bytes of graph, ${skeleton.tensorBytes + others.reduce((n, o) => n + o.f.file.size, 0)} bytes of weights read in place`,
    release() {
      for (const o of opened) if ('close' in o) o.close();
    },
  };
}
