// The emitters' view of a checkpoint file: float32 tensors by name, read one at a time on demand.
import type { SafetensorsFile } from './safetensors';

export interface WeightFile {
  /** Folder name in the checkpoint (transformer, vae, image_encoder_dinov2), used in messages. */
  label: string;
  float32(name: string, signal?: AbortSignal): Promise<Float32Array>;
  shape(name: string): number[];
  /** Identifies the file's contents for the plan fingerprint (size and header layout). */
  identity: string;
  /** Bytes a tensor takes in the checkpoint, i.e. what reading it costs (when the source knows). */
  storedBytes?(name: string): number;
  /** Size of the file (or all its shards), when known. */
  fileBytes?: number;
}

export function weightFile(label: string, file: SafetensorsFile, size: number): WeightFile {
  return {
    label,
    float32: (name, signal) => file.float32(name, signal),
    shape: (name) => [...file.info(name).shape],
    identity: `${label}:${size}:${file.header.headerLength}`,
  };
}

/** Several tensors, read one after another (in plan order, never all at once from a remote source). */
export async function readAll(file: WeightFile, keys: string[], signal?: AbortSignal): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const k of keys) out.push(await file.float32(k, signal));
  return out;
}

/** Rows [N, K] → [K, N] (a Linear's weight as the right operand of MatMul). */
export function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

/** Rows of several [n_i, K] matrices stacked into one [Σn_i, K]. */
export function stackRows(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A weight file known only by its key map: plans (graph structure, data layout) can be built, nothing read. */
export function plannedWeights(label: string, keys: Record<string, number[]>): WeightFile {
  return {
    label,
    identity: `${label}:planned`,
    shape: (name) => [...(keys[name] ?? [])],
    float32: async (name) => {
      throw new Error(`${label}: "${name}" cannot be read from a planned-only weight file`);
    },
  };
}
