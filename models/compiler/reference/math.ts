// Plain-TypeScript arithmetic for the reference forward passes: float64, row-major, no tricks, written
// from the formulas of docs/models/partcrafter.md §2 and not from the graph emitters, so a
// disagreement between the two points at a real mistake in one of them.

export type Weights = Record<string, Float32Array>;

export function get(w: Weights, key: string): Float32Array {
  const v = w[key];
  if (!v) throw new Error(`reference: no weight ${key}`);
  return v;
}

/** y [n, out] = x [n, in] · Wᵀ + b, with W [out, in] as a Linear stores it. */
export function linear(x: Float64Array, n: number, inDim: number, W: Float32Array, b?: Float32Array): Float64Array {
  const out = W.length / inDim;
  const y = new Float64Array(n * out);
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < out; o++) {
      let acc = b ? b[o] : 0;
      for (let i = 0; i < inDim; i++) acc += x[r * inDim + i] * W[o * inDim + i];
      y[r * out + o] = acc;
    }
  }
  return y;
}

export function layerNorm(x: Float64Array, n: number, d: number, w: Float32Array, b: Float32Array, eps: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < n; r++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i];
    mean /= d;
    let v = 0;
    for (let i = 0; i < d; i++) v += (x[r * d + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / d + eps);
    for (let i = 0; i < d; i++) y[r * d + i] = (x[r * d + i] - mean) * inv * w[i] + b[i];
  }
  return y;
}

/** RMSNorm of one vector (no mean subtraction, no bias). */
export function rmsNorm(v: Float64Array, w: Float32Array, eps: number): Float64Array {
  let ms = 0;
  for (const x of v) ms += x * x;
  const inv = 1 / Math.sqrt(ms / v.length + eps);
  return v.map((x, i) => x * inv * w[i]);
}

/** erf to ~1e-15: Taylor series near 0, continued fraction for erfc further out. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 80; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * sum * (2 / Math.sqrt(Math.PI));
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated bottom-up.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

export function gelu(x: Float64Array): Float64Array {
  return x.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
}

export function addInPlace(a: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
  return a;
}

/** softmax(q·kᵀ·scale)·v for one head: q [S, hd], k and v [L, hd]. */
export function attend(q: Float64Array[], k: Float64Array[], v: Float64Array[], scale: number): Float64Array[] {
  return q.map((qi) => {
    const s = k.map((kj) => {
      let dot = 0;
      for (let c = 0; c < qi.length; c++) dot += qi[c] * kj[c];
      return dot * scale;
    });
    const m = Math.max(...s);
    const p = s.map((x) => Math.exp(x - m));
    const z = p.reduce((a, b) => a + b, 0);
    const o = new Float64Array(v[0].length);
    p.forEach((pj, j) => {
      for (let c = 0; c < o.length; c++) o[c] += (pj / z) * v[j][c];
    });
    return o;
  });
}

/** The FeedForward of docs/models/partcrafter.md §2.3 under `${prefix}.net.*`. */
export function feedForward(w: Weights, prefix: string, x: Float64Array, n: number, d: number): Float64Array {
  const hidden = get(w, `${prefix}.net.0.proj.bias`).length;
  const h = gelu(linear(x, n, d, get(w, `${prefix}.net.0.proj.weight`), get(w, `${prefix}.net.0.proj.bias`)));
  return linear(h, n, hidden, get(w, `${prefix}.net.2.weight`), get(w, `${prefix}.net.2.bias`));
}

export function toF64(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x);
}
