// Where a model set's device-made variants live in the store and which of them are usable. The only
// variant today is float32, derived on the device from a float16 graph (models/convert/
// derive-float32-stream.ts) for GPUs without shader-f16: stored like a download (data + meta with
// SHA-256, so the store's verify re-hashes it), under `<set>/variants/float32/<graph path>`, with
// `<name>.data` beside it when its weights needed external data.
import { weightsOf, type GraphKey, type ModelSet } from '../../models/model-set';
import { storePathOf } from '../store/set-install';
import { completeStoredFile, type StoredDir } from './stored-files';

export const FLOAT32_DIR = 'variants/float32/';

/** The variant's path relative to the set (what the stage's AssetSource is asked for). */
export const float32Path = (graphPath: string) => FLOAT32_DIR + graphPath;

/** Its companion external data file's name (ONNX `location`, relative to the .onnx). */
export const dataFileName = (graphPath: string) => `${graphPath.slice(graphPath.lastIndexOf('/') + 1)}.data`;

export interface DerivedVariant {
  key: GraphKey;
  /** Relative to the set, like GraphFile.path. */
  path: string;
  bytes: number;
  dataBytes: number;
  largestTensorBytes: number;
}

/**
 * The graphs of a set with float16 weights (float16 or float32 at their boundary): those a device without
 * shader-f16 wants a float32 variant of.
 */
export function halfGraphs(set: ModelSet): GraphKey[] {
  return (Object.keys(set.graphs) as GraphKey[]).filter((k) => weightsOf(set.graphs[k]) === 'float16' && !set.unavailable?.[k]);
}

/** Every store path a set's variants may occupy (for delete). */
export function variantStorePaths(set: ModelSet): string[] {
  return halfGraphs(set).flatMap((k) => {
    const p = storePathOf(set.id, float32Path(set.graphs[k].path));
    return [p, `${p.slice(0, p.lastIndexOf('/') + 1)}${dataFileName(set.graphs[k].path)}`];
  });
}

/**
 * The float32 variants stored complete and made from the float16 graph the store holds now (same
 * SHA-256), with their companion data file complete too. Others are as good as absent.
 */
export async function storedVariants(root: StoredDir, set: ModelSet): Promise<Partial<Record<GraphKey, DerivedVariant>>> {
  const out: Partial<Record<GraphKey, DerivedVariant>> = {};
  await Promise.all(
    halfGraphs(set).map(async (key) => {
      const graphPath = set.graphs[key].path;
      const [original, variant] = await Promise.all([
        completeStoredFile(root, storePathOf(set.id, graphPath)),
        completeStoredFile(root, storePathOf(set.id, float32Path(graphPath))),
      ]);
      const d = variant?.meta.derived;
      if (!original || !d || d.kind !== 'float32' || d.fromSha256 !== original.meta.expectedSha256) return;
      let dataBytes = 0;
      if (d.dataFile) {
        const dir = storePathOf(set.id, float32Path(graphPath));
        const data = await completeStoredFile(root, dir.slice(0, dir.lastIndexOf('/') + 1) + d.dataFile);
        if (!data) return;
        dataBytes = data.file.size;
      }
      out[key] = { key, path: float32Path(graphPath), bytes: variant.file.size, dataBytes, largestTensorBytes: d.largestTensorBytes };
    }),
  );
  return out;
}
