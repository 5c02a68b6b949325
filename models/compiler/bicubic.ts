// Resizing DINOv2's trained position grid to the input's patch grid, offline (docs/models/partcrafter.md §3.2): PyTorch
// `interpolate(mode="bicubic", align_corners=False, size=(g, g))`, i.e. the cubic convolution kernel
// with A = −0.75, source coordinate (dst + 0.5)·in/out − 0.5 (not clamped), taps clamped to the edge,
// no antialias. Separable: out = Wy · grid · Wxᵀ with one [out, in] weight matrix per axis.

const A = -0.75;

/** Weights of the four taps at offsets −1, 0, 1, 2 from floor(src), for fraction t. */
function cubicTaps(t: number): [number, number, number, number] {
  const near = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1; // |x| ≤ 1
  const far = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; // 1 < |x| < 2
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

/** [out, in] matrix of 1-D bicubic weights (edge taps folded onto the clamped index). */
export function bicubicMatrix(inSize: number, outSize: number): Float64Array {
  const m = new Float64Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = scale * (o + 0.5) - 0.5;
    const i0 = Math.floor(src);
    const taps = cubicTaps(src - i0);
    for (let k = 0; k < 4; k++) {
      const i = Math.min(inSize - 1, Math.max(0, i0 - 1 + k));
      m[o * inSize + i] += taps[k];
    }
  }
  return m;
}

/**
 * DINOv2 `position_embeddings` [1, 1 + G², D] → [1, 1 + g², D]: the CLS entry is kept, the G×G grid
 * (row-major) is resized to g×g. Computed in float64, returned as float32.
 */
export function resizePositionEmbedding(pos: Float32Array, G: number, g: number, D: number): Float32Array {
  if (pos.length !== (1 + G * G) * D) throw new Error(`position embedding: ${pos.length} values, expected (1 + ${G}²)·${D}`);
  const out = new Float64Array((1 + g * g) * D);
  out.set(pos.subarray(0, D));
  const w = bicubicMatrix(G, g);
  // Along x first: rows [G][g][D], then along y.
  const rows = new Float64Array(G * g * D);
  for (let y = 0; y < G; y++) {
    for (let ox = 0; ox < g; ox++) {
      const dst = (y * g + ox) * D;
      for (let x = 0; x < G; x++) {
        const wx = w[ox * G + x];
        if (wx === 0) continue;
        const src = D + (y * G + x) * D;
        for (let d = 0; d < D; d++) rows[dst + d] += wx * pos[src + d];
      }
    }
  }
  for (let oy = 0; oy < g; oy++) {
    for (let y = 0; y < G; y++) {
      const wy = w[oy * G + y];
      if (wy === 0) continue;
      for (let ox = 0; ox < g; ox++) {
        const dst = D + (oy * g + ox) * D;
        const src = (y * g + ox) * D;
        for (let d = 0; d < D; d++) out[dst + d] += wy * rows[src + d];
      }
    }
  }
  return Float32Array.from(out);
}
