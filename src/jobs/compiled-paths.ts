// Where a set's built-on-device graphs live in the store (light on purpose: the page imports it to
// list, verify and delete them with the set, without pulling in the compiler). Each graph is two store
// files, `<path>` and its external data `<path>.data` beside it (the name the compiled .onnx refers to).
import { GRAPH_KEYS, type GraphKey, type ModelSet } from '../../models/model-set';
import { variantStorePaths } from '../runtime/variants';
import { storePathOf } from '../store/set-install';

/** The graphs of a set that are compiled on this device rather than downloaded. */
export function compiledGraphs(set: ModelSet): GraphKey[] {
  return GRAPH_KEYS.filter((k) => set.graphs[k].builtOnDevice !== undefined);
}

/** A compiled graph's external data file: beside it, named as the compiler names it. */
export const compiledDataPath = (path: string) => `${path}.data`;

/** Store paths of both files of every compiled graph (for delete and verify with the set). */
export function compiledStorePaths(set: ModelSet): string[] {
  return compiledGraphs(set).flatMap((k) => {
    const p = storePathOf(set.id, set.graphs[k].path);
    return [p, compiledDataPath(p)];
  });
}

/** Everything the device made for a set (float32 variants, compiled graphs): verified and deleted with it. */
export function madeOnDevicePaths(set: ModelSet): string[] {
  return [...variantStorePaths(set), ...compiledStorePaths(set)];
}
