// UNet conditioning for SDXL without CFG (docs/models/sdxl-turbo.md §1.4). Turbo runs at guidance 0, so
// there is no negative prompt and no doubled batch: one row, float32 here, float16 only at the UNet feed.
import type { ModelDims } from '../../../models/model-set';

export interface Conditioning {
  /** encoder_hidden_states [1, L, h1 + h2]: encoder 1 then encoder 2 on the last axis. */
  hidden: Float32Array;
  /** text_embeds [1, pooledDim]: encoder 2's projected pooled output. */
  textEmbeds: Float32Array;
  /** time_ids [1, 6]: [orig_h, orig_w, crop_top, crop_left, target_h, target_w]. */
  timeIds: Float32Array;
}

/** Concatenates [L, h1] and [L, h2] row by row into [L, h1 + h2]. */
export function concatLastAxis(a: Float32Array, b: Float32Array, rows: number, wa: number, wb: number): Float32Array {
  if (a.length !== rows * wa) throw new Error(`conditioning: encoder 1 gave ${a.length} values, expected ${rows}×${wa}`);
  if (b.length !== rows * wb) throw new Error(`conditioning: encoder 2 gave ${b.length} values, expected ${rows}×${wb}`);
  const w = wa + wb;
  const out = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * wa, (r + 1) * wa), r * w);
    out.set(b.subarray(r * wb, (r + 1) * wb), r * w + wa);
  }
  return out;
}

/** The image was never cropped and is generated at its own size, so original = target = imageSize. */
export function timeIds(dims: ModelDims): Float32Array {
  const s = dims.imageSize;
  return Float32Array.from([s, s, 0, 0, s, s]);
}

export function assembleConditioning(
  dims: ModelDims,
  hidden1: Float32Array,
  hidden2: Float32Array,
  textEmbeds: Float32Array,
): Conditioning {
  if (textEmbeds.length !== dims.pooledDim) {
    throw new Error(`conditioning: text_embeds has ${textEmbeds.length} values, expected ${dims.pooledDim}`);
  }
  return {
    hidden: concatLastAxis(hidden1, hidden2, dims.textLength, dims.textHidden1, dims.textHidden2),
    textEmbeds,
    timeIds: timeIds(dims),
  };
}
