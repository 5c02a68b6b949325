// A "skeleton" of a single-file ONNX model: the same model with every large initializer's raw_data
// replaced by an external-data reference to where those bytes already are, in the original file. The
// runtime then parses only the skeleton (kilobytes) and reads each weight from the original file as it
// places it, so a 1.9 GB graph stored in OPFS never becomes one ArrayBuffer, in JS or in wasm memory.
// Nothing is written to disk: the original file is its own external data file.
import { SourceReader, memorySink, type ByteSource } from './byte-source';
import { HEADER_WINDOW } from './derive-float32-stream';
import { planModel } from './stream-model';
import { writePlan, type SourceRange } from './stream-plan';

export interface Skeleton {
  /** The model to hand the runtime. */
  model: Uint8Array;
  /** The name the references use for the original file (mount the original under it). */
  location: string;
  /** Initializers now read from the original file, and their bytes. */
  tensors: number;
  tensorBytes: number;
  /** External data files the model already referred to (a compiler's companion file): mount them too. */
  otherFiles: string[];
}

export interface SkeletonOptions {
  location: string;
  /** Initializers with at least this many bytes of raw_data are referenced, not copied (default 64 KiB). */
  threshold?: number;
  chunkBytes?: number;
}

export async function skeletonOf(source: ByteSource, options: SkeletonOptions): Promise<Skeleton> {
  const r = new SourceReader(source, Math.min(options.chunkBytes ?? 1 << 20, HEADER_WINDOW));
  let tensors = 0;
  let tensorBytes = 0;
  const otherFiles = new Set<string>();
  const pieces = await planModel(r, {
    onTensor: (_plan, scan) => {
      if (scan.location) otherFiles.add(scan.location);
    },
    tensor: {
      toFloat32: false,
      external: {
        location: options.location,
        threshold: options.threshold ?? 64 << 10,
        // The data stays where it is: its offset in the original file is the reference.
        place: (data, length) => {
          tensors++;
          tensorBytes += length;
          return (data[0] as SourceRange).at;
        },
      },
    },
  });
  const sink = memorySink();
  await writePlan(r, pieces ?? [{ at: 0, length: source.size }], sink, { chunkBytes: 1 << 20 });
  if (otherFiles.has(options.location)) throw new Error(`the model already refers to an external file named "${options.location}"`);
  return { model: sink.bytes(), location: options.location, tensors, tensorBytes, otherFiles: [...otherFiles] };
}

/** The external data files a model refers to (read from its headers only; nothing is copied). */
export async function externalFilesOf(source: ByteSource): Promise<string[]> {
  const r = new SourceReader(source, HEADER_WINDOW);
  const files = new Set<string>();
  await planModel(r, { tensor: { toFloat32: false }, onTensor: (_plan, scan) => scan.location && files.add(scan.location) });
  return [...files];
}
