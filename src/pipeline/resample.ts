// Separable resampling of float planes, PIL-style: when shrinking, the filter support widens by the scale
// factor (antialiasing), which is what PIL's resize and torchvision's antialias=True do. Pixel centres at
// (i + 0.5)·scale. Used for the RMBG input/mask (bilinear) and the DINO resize (bicubic).

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
  weights: Float32Array; // count[i] weights per output i, stride = maxTaps
  stride: number;
}

function taps(inSize: number, outSize: number, filter: Filter): Taps {
  const { support, f } = KERNELS[filter];
  const scale = inSize / outSize;
  const fscale = Math.max(1, scale);
  const radius = support * fscale;
  const stride = Math.ceil(radius) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - radius));
    const hi = Math.min(inSize, Math.ceil(centre + radius));
    let total = 0;
    for (let j = lo; j < hi; j++) {
      const w = f((j + 0.5 - centre) / fscale);
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
