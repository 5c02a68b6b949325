// Derives a graph's float32 variant into the store, streaming (models/convert/derive-float32-stream.ts):
// the float16 original is read from its stored File a chunk at a time, the result is written through the
// store's sync handles and hashed as it goes. Only when everything is written does each output get a
// meta saying complete, with its SHA-256 and where it came from (FileMeta.derived), so the store
// verifies a variant exactly as it verifies a download, and a half-made variant is never used.
import { createSHA256, type IHasher } from 'hash-wasm';
import type { ByteSink, ByteSource } from '../../models/convert/byte-source';
import { deriveFloat32Stream, type StreamDeriveOptions, type StreamSummary } from '../../models/convert/derive-float32-stream';
import { dataFileName, float32Path } from '../runtime/variants';
import { AbortError } from '../leaf/abort';
import { withFileLock } from '../store/download';
import { isQuotaError, StorageQuotaError } from '../store/errors';
import { writeFully, type FileStore, type SyncFile } from '../store/file-store';
import { MetaFile, metaPath, type DerivedInfo } from '../store/meta';
import { storePathOf } from '../store/set-install';

export interface VariantJob {
  setId: string;
  /** The float16 graph's path in its set, and its SHA-256 as stored. */
  graphPath: string;
  sourceSha256: string;
}

export interface VariantResult {
  path: string;
  bytes: number;
  sha256: string;
  dataPath?: string;
  dataBytes: number;
  summary: StreamSummary;
}

export type VariantOptions = Pick<
  StreamDeriveOptions,
  'maxBytes' | 'chunkBytes' | 'externalThreshold' | 'externalFiles' | 'signal' | 'onProgress'
>;

/** A sink over one store file that hashes what it writes. */
class HashedFile implements ByteSink {
  written = 0;
  private constructor(
    readonly file: SyncFile,
    readonly hasher: IHasher,
  ) {}

  static async open(store: FileStore, path: string): Promise<HashedFile> {
    const hasher = await createSHA256();
    hasher.init();
    const file = (await store.open(path, true))!;
    file.truncate(0);
    return new HashedFile(file, hasher);
  }

  write(bytes: Uint8Array): void {
    // Chromium's sync handle answers a write past the quota with a short count, not an exception: the
    // store's own check turns that into the quota error the catch below reports with the numbers.
    writeFully(this.file, bytes, this.written);
    this.hasher.update(bytes);
    this.written += bytes.length;
  }

  finish(): string {
    this.file.flush();
    this.file.close();
    return this.hasher.digest('hex');
  }
}

async function writeMeta(store: FileStore, path: string, bytes: number, sha256: string, derived: DerivedInfo): Promise<void> {
  const meta = new MetaFile((await store.open(metaPath(path), true))!);
  try {
    meta.write({
      url: `derived:${derived.kind}:${derived.from}`,
      bytesDone: bytes,
      hashState: '',
      expectedBytes: bytes,
      expectedSha256: sha256,
      complete: true,
      derived,
    });
  } finally {
    meta.close();
  }
}

async function removePair(store: FileStore, path: string): Promise<void> {
  await store.remove(metaPath(path));
  await store.remove(path);
}

export async function deriveVariant(
  store: FileStore,
  source: ByteSource,
  job: VariantJob,
  options: VariantOptions = {},
): Promise<VariantResult> {
  const path = storePathOf(job.setId, float32Path(job.graphPath));
  const dataName = dataFileName(job.graphPath);
  const dataPath = path.slice(0, path.lastIndexOf('/') + 1) + dataName;
  return withFileLock(path, () =>
    withFileLock(dataPath, async () => {
      if (options.signal?.aborted) throw new AbortError();
      // Metas first: from here until the end, neither file counts as stored.
      await removePair(store, path);
      await removePair(store, dataPath);
      const model = await HashedFile.open(store, path);
      let data: HashedFile | undefined;
      let closed = false;
      let total = 0;
      try {
        const r = await deriveFloat32Stream(
          source,
          { model, data: async () => (data = await HashedFile.open(store, dataPath)) },
          {
            ...options,
            dataLocation: dataName,
            // Refuse before writing a byte when the browser says the result cannot fit.
            beforeWrite: async (bytesTotal) => {
              total = bytesTotal;
              const free = await store.available().catch(() => undefined);
              if (free !== undefined && bytesTotal > free) throw new StorageQuotaError(path, bytesTotal, free);
            },
          },
        );
        const sha256 = model.finish();
        const dataSha = data?.finish();
        closed = true;
        const derived: DerivedInfo = {
          kind: 'float32',
          from: storePathOf(job.setId, job.graphPath),
          fromSha256: job.sourceSha256,
          largestTensorBytes: r.summary.largestTensorBytes,
          dataFile: data ? dataName : undefined,
        };
        // The data file's meta before the model's: the model is what makes the variant visible.
        if (data) await writeMeta(store, dataPath, data.written, dataSha!, derived);
        await writeMeta(store, path, model.written, sha256, derived);
        return {
          path,
          bytes: model.written,
          sha256,
          dataPath: data ? dataPath : undefined,
          dataBytes: data?.written ?? 0,
          summary: r.summary,
        };
      } catch (e) {
        if (!closed) {
          model.file.close();
          data?.file.close();
        }
        await removePair(store, path);
        await removePair(store, dataPath);
        if (options.signal?.aborted) throw new AbortError();
        if (isQuotaError(e))
          throw new StorageQuotaError(path, total - model.written - (data?.written ?? 0), await store.available().catch(() => undefined));
        throw e;
      }
    }),
  );
}
