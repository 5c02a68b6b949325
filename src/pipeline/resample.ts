// Separable antialiased resampling: when shrinking, the filter support widens by the scale factor, which is
// what PIL's resize and torch's interpolate(antialias=True) both do. Pixel centres at (i + 0.5)·scale.
// Two arithmetics, each the one upstream runs: float planes as torch does in float32 (resizePlanes: the
// RMBG input and mask, torchvision Resize(antialias=True) in PartCrafter's image preparation), and 8-bit
// planes as PIL does in fixed point (resizeUint8Planes: the DINO resize).

export type Filter = 'bilinear' | 'bicubic';

const KERNELS: Record<Filter, { support: number; f: (x: number) => number }> = {
  bilinear: { support: 1, f: (x) => Math.max(0, 1 - Math.abs(x)) },
  // Keys cubic with a = −0.5, PIL's BICUBIC.
  bicubic: {
    support: 2,
    f: (x) => {
      const a = -0.5;
      x = Math.abs(x);
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
};

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array; // count[i] weights per output i, stride = maxTaps (double, as PIL normalises them)
  stride: number;
}

function taps(inSize: number, outSize: number, filter: Filter): Taps {
  const { support, f } = KERNELS[filter];
  const scale = inSize / outSize;
  const fscale = Math.max(1, scale);
  const radius = support * fscale;
  const ss = 1 / fscale;
  const stride = Math.ceil(radius) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - radius));
    const hi = Math.min(inSize, Math.ceil(centre + radius));
    let total = 0;
    for (let j = lo; j < hi; j++) {
      const w = f((j - centre + 0.5) * ss); // PIL's exact expression, so fixed-point weights round alike
      weights[i * stride + j - lo] = w;
      total += w;
    }
    for (let j = lo; j < hi; j++) weights[i * stride + j - lo] /= total || 1;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, stride };
}

const f32 = Math.fround;

interface Taps32 {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array; // stride floats per output
  stride: number;
}

/**
 * Torch's antialiased weights in float32, step by step as aten/src/ATen/native/cpu/UpSampleKernel.cpp
 * (_compute_weights_aa) rounds them: scale = in/out in float, centre = scale·(i + 0.5) rounded to float,
 * taps [trunc(centre − support + 0.5), trunc(centre + support + 0.5)), the filter's argument and value
 * rounded to float, and the weights divided by their float sum. Their sum is then not always exactly 1,
 * so a flat region comes out a unit in the last place off its value, as it does upstream.
 */
function taps32(inSize: number, outSize: number, filter: Filter): Taps32 {
  const { support: half, f } = KERNELS[filter];
  const scale = f32(inSize / outSize);
  const support = scale >= 1 ? half * scale : half;
  const invscale = scale >= 1 ? f32(1 / scale) : 1;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const centre = f32(scale * (i + 0.5));
    const lo = Math.max(0, Math.trunc(f32(centre - support) + 0.5));
    const hi = Math.min(inSize, Math.trunc(f32(centre + support) + 0.5));
    let total = 0;
    for (let j = lo; j < hi; j++) {
      const w = f32(f(f32((f32(j - centre) + 0.5) * invscale)));
      weights[i * stride + j - lo] = w;
      total = f32(total + w);
    }
    if (total !== 0) for (let j = lo; j < hi; j++) weights[i * stride + j - lo] = f32(weights[i * stride + j - lo] / total);
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, stride };
}

/**
 * One float32 pass along lines, in the order torch's compiled CPU kernel sums (found by probing Debian's
 * torch 1.13, bit for bit): the first product rounded; then whole groups of four taps, each product rounded
 * (the compiler multiplies four at once) and added one by one; then each remaining tap as one fused
 * multiply-add (fround(acc + s·w): the product of two floats is exact in a double).
 */
function pass32(
  src: ArrayLike<number>,
  lines: number,
  lineStride: number,
  step: number,
  t: Taps32,
  outSize: number,
  dst: Float32Array,
  dstLineStride: number,
  dstStep: number,
): void {
  for (let l = 0; l < lines; l++) {
    for (let i = 0; i < outSize; i++) {
      const s = l * lineStride + t.start[i] * step;
      const w = i * t.stride;
      const n = t.count[i];
      let acc = f32(src[s] * t.weights[w]);
      let k = 1;
      for (; k + 4 <= n; k += 4) {
        for (let q = k; q < k + 4; q++) acc = f32(acc + f32(src[s + q * step] * t.weights[w + q]));
      }
      for (; k < n; k++) acc = f32(acc + src[s + k * step] * t.weights[w + k]);
      dst[l * dstLineStride + i * dstStep] = acc;
    }
  }
}

/** One 1-D pass over `lines` lines; `step` is the distance between neighbours along the line. */
type LinePass<D> = (
  src: ArrayLike<number>,
  lines: number,
  lineStride: number,
  step: number,
  dst: D,
  dstLineStride: number,
  dstStep: number,
) => void;

/**
 * Both passes over every plane, horizontal first as torch and PIL both do; a dimension whose size does not
 * change (`null` pass) is copied, not resampled.
 */
function separable<D extends Float32Array | Uint8Array>(
  src: Float32Array | Uint8Array,
  planes: number,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
  make: (n: number) => D,
  horizontal: LinePass<D> | null,
  vertical: LinePass<D> | null,
): D {
  const out = make(planes * dw * dh);
  const mid = make(dw * sh);
  for (let p = 0; p < planes; p++) {
    const plane = src.subarray(p * sw * sh, (p + 1) * sw * sh);
    if (horizontal) horizontal(plane, sh, sw, 1, mid, dw, 1);
    else mid.set(plane);
    const dst = out.subarray(p * dw * dh, (p + 1) * dw * dh) as D;
    if (vertical) vertical(mid, dw, 1, dw, dst, 1, dw);
    else dst.set(mid);
  }
  return out;
}

/**
 * Resizes `planes` planes of sw×sh floats (planar layout) to dw×dh in float32 as torch's antialiased
 * interpolate does on the CPU, float32 between the passes.
 */
export function resizePlanes(
  src: Float32Array,
  planes: number,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
  filter: Filter,
): Float32Array {
  const along =
    (t: Taps32, n: number): LinePass<Float32Array> =>
    (s, l, ls, st, d, dls, ds) =>
      pass32(s, l, ls, st, t, n, d, dls, ds);
  return separable(
    src,
    planes,
    sw,
    sh,
    dw,
    dh,
    (n) => new Float32Array(n),
    sw === dw ? null : along(taps32(sw, dw, filter), dw),
    sh === dh ? null : along(taps32(sh, dh, filter), dh),
  );
}

// PIL's 8-bit resampler (Resample.c): weights quantised to 22-bit fixed point, each pass rounded and
// clipped to uint8, horizontal pass first, and a dimension whose size does not change is not resampled.
const ONE = 2 ** 22;

function fixedPoint(t: Taps): Taps {
  return { ...t, weights: t.weights.map((w) => Math.trunc(w < 0 ? w * ONE - 0.5 : w * ONE + 0.5)) };
}

/** PIL adds half then shifts right by 22 and clamps; the sum is an exact integer far below 2^53. */
function clip8(sum: number): number {
  return sum <= 0 ? 0 : Math.min(255, Math.floor(sum / ONE));
}

/** One PIL pass: fixed-point sums, rounded and clipped to uint8. */
function pass8(
  src: ArrayLike<number>,
  lines: number,
  lineStride: number,
  step: number,
  t: Taps,
  outSize: number,
  dst: Uint8Array,
  dstLineStride: number,
  dstStep: number,
): void {
  for (let l = 0; l < lines; l++) {
    for (let i = 0; i < outSize; i++) {
      let acc = ONE / 2;
      const s = t.start[i];
      for (let k = 0; k < t.count[i]; k++) acc += src[l * lineStride + (s + k) * step] * t.weights[i * t.stride + k];
      dst[l * dstLineStride + i * dstStep] = clip8(acc);
    }
  }
}

/**
 * Resizes planes of integer 0..255 values (planar, sw×sh each) to dw×dh as PIL's Image.resize does for
 * an 8-bit image, bit for bit: antialiased filter, fixed-point weights, uint8 after each pass.
 */
export function resizeUint8Planes(
  src: Float32Array | Uint8Array,
  planes: number,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
  filter: Filter,
): Uint8Array {
  const along =
    (t: Taps, n: number): LinePass<Uint8Array> =>
    (s, l, ls, st, d, dls, ds) =>
      pass8(s, l, ls, st, t, n, d, dls, ds);
  return separable(
    src,
    planes,
    sw,
    sh,
    dw,
    dh,
    (n) => new Uint8Array(n),
    sw === dw ? null : along(fixedPoint(taps(sw, dw, filter)), dw),
    sh === dh ? null : along(fixedPoint(taps(sh, dh, filter)), dh),
  );
}
