// Separable resampling of float planes, PIL-style: when shrinking, the filter support widens by the scale
// factor (antialiasing), which is what PIL's resize and torchvision's antialias=True do. Pixel centres at
// (i + 0.5)·scale. Used for the RMBG input/mask (bilinear, float like torch's antialiased interpolate) and
// the DINO resize (bicubic on uint8, reproducing PIL's fixed-point arithmetic: resizeUint8Planes).

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

/** Resizes `planes` planes of sw×sh floats (planar layout) to dw×dh. */
export function resizePlanes(
  src: Float32Array, planes: number, sw: number, sh: number, dw: number, dh: number, filter: Filter,
): Float32Array {
  const tx = taps(sw, dw, filter);
  const ty = taps(sh, dh, filter);
  const tmp = new Float32Array(sh * dw);
  const out = new Float32Array(planes * dw * dh);
  for (let p = 0; p < planes; p++) {
    const base = p * sw * sh;
    for (let y = 0; y < sh; y++) {
      for (let x = 0; x < dw; x++) {
        let acc = 0;
        const s = tx.start[x];
        for (let k = 0; k < tx.count[x]; k++) acc += src[base + y * sw + s + k] * tx.weights[x * tx.stride + k];
        tmp[y * dw + x] = acc;
      }
    }
    const obase = p * dw * dh;
    for (let y = 0; y < dh; y++) {
      const s = ty.start[y];
      for (let x = 0; x < dw; x++) {
        let acc = 0;
        for (let k = 0; k < ty.count[y]; k++) acc += tmp[(s + k) * dw + x] * ty.weights[y * ty.stride + k];
        out[obase + y * dw + x] = acc;
      }
    }
  }
  return out;
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

/** One 1-D pass over `lines` lines; `step` is the distance between neighbours along the line. */
function pass8(
  src: ArrayLike<number>, lines: number, lineStride: number, step: number, t: Taps, outSize: number,
  dst: Uint8Array, dstLineStride: number, dstStep: number,
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
  src: Float32Array | Uint8Array, planes: number, sw: number, sh: number, dw: number, dh: number, filter: Filter,
): Uint8Array {
  const tx = sw === dw ? null : fixedPoint(taps(sw, dw, filter));
  const ty = sh === dh ? null : fixedPoint(taps(sh, dh, filter));
  const out = new Uint8Array(planes * dw * dh);
  const mid = new Uint8Array(dw * sh);
  for (let p = 0; p < planes; p++) {
    const plane = src.subarray(p * sw * sh, (p + 1) * sw * sh);
    if (tx) pass8(plane, sh, sw, 1, tx, dw, mid, dw, 1);
    else mid.set(plane);
    const dst = out.subarray(p * dw * dh, (p + 1) * dw * dh);
    if (ty) pass8(mid, dw, 1, dw, ty, dh, dst, 1, dw);
    else dst.set(mid);
  }
  return out;
}
