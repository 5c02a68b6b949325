// Sparse containers for coarse-to-fine extraction. At 512³ a dense Float32Array is 537 MB and a byte mask
// 134 MB, while the surface touches a few million lattice points. Values live in bricks of 8³ points,
// allocated where a point is first set: lookups are two array reads (no hashing, no probing), neighbouring
// points share a brick and so a cache line, and a lattice sampled in full costs no more than a dense array.
// Cell membership lives in a bit set (17 MB at 512³).

const SIDE = 8; // points per brick edge
const BRICK = SIDE * SIDE * SIDE;

/** Lattice id (x slowest, as grid.ts) → `lanes` numbers per point, on a res³ lattice, stored by brick. */
export class Bricks<V extends Float32Array | Int32Array = Float32Array> {
  private readonly perAxis: number;
  private readonly index: Int32Array;
  private pool: V;
  private used = 0;

  constructor(
    readonly res: number,
    private readonly make: (n: number) => V,
    /** What a point never set reads as (NaN for values, −1 for ids). */
    readonly missing: number,
    private readonly lanes = 1,
    expectedPoints = BRICK,
  ) {
    this.perAxis = Math.ceil(res / SIDE);
    this.index = new Int32Array(this.perAxis ** 3).fill(-1);
    this.pool = this.fresh(Math.max(1, Math.min(this.index.length, Math.ceil((2 * expectedPoints) / BRICK))));
  }

  private fresh(bricks: number): V {
    const pool = this.make(bricks * BRICK * this.lanes);
    pool.fill(this.missing);
    return pool;
  }

  /** Offset of the point's first lane in the pool; −1 when its brick holds nothing and `create` is false. */
  private offset(id: number, create: boolean): number {
    const R = this.res,
      RR = R * R;
    // Ids stay below 2³¹ (512³ < 2²⁸), so `| 0` truncates exactly.
    const i = (id / RR) | 0,
      rest = id - i * RR,
      j = (rest / R) | 0;
    return this.offsetAt(i, j, rest - j * R, create);
  }

  private offsetAt(i: number, j: number, k: number, create: boolean): number {
    const b = ((i >> 3) * this.perAxis + (j >> 3)) * this.perAxis + (k >> 3);
    let at = this.index[b];
    if (at < 0) {
      if (!create) return -1;
      if ((this.used + 1) * BRICK * this.lanes > this.pool.length) {
        const bigger = this.fresh(2 * (this.pool.length / (BRICK * this.lanes)));
        bigger.set(this.pool);
        this.pool = bigger;
      }
      at = this.index[b] = this.used++;
    }
    return (at * BRICK + (((i & 7) << 6) | ((j & 7) << 3) | (k & 7))) * this.lanes;
  }

  /** The value at lattice point (i, j, k), as get(id) but without decoding an id (hot loops know i, j, k). */
  at(i: number, j: number, k: number, lane = 0): number {
    const o = this.offsetAt(i, j, k, false);
    return o < 0 ? this.missing : this.pool[o + lane];
  }

  put(i: number, j: number, k: number, value: number, lane = 0): void {
    const o = this.offsetAt(i, j, k, true); // first: it may replace the pool
    this.pool[o + lane] = value;
  }

  get(id: number, lane = 0): number {
    const o = this.offset(id, false);
    return o < 0 ? this.missing : this.pool[o + lane];
  }

  set(id: number, value: number, lane = 0): void {
    const o = this.offset(id, true); // first: it may replace the pool
    this.pool[o + lane] = value;
  }

  /** Whether lane 0 of the point was set to something other than `missing`. */
  has(id: number): boolean {
    const v = this.get(id);
    return v === v && v !== this.missing;
  }
}

/** Field values on a res³ lattice; NaN where nothing was stored. */
export const floatBricks = (res: number, expectedPoints?: number) => new Bricks(res, (n) => new Float32Array(n), NaN, 1, expectedPoints);

/** A set of ids in [0, size), one bit each. */
export class BitSet {
  readonly words: Uint32Array;
  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }
  has(id: number): boolean {
    return (this.words[id >>> 5] & (1 << (id & 31))) !== 0;
  }
  /** Sets the bit; true when it was not set before. */
  add(id: number): boolean {
    const w = id >>> 5,
      b = 1 << (id & 31);
    if (this.words[w] & b) return false;
    this.words[w] |= b;
    return true;
  }
  /** The members, ascending (`count`: how many there are, when known). */
  toArray(count?: number): Uint32Array {
    if (count === undefined) {
      count = 0;
      for (let w = 0; w < this.words.length; w++) {
        let bits = this.words[w];
        for (; bits; count++) bits &= bits - 1;
      }
    }
    const out = new Uint32Array(count);
    let n = 0;
    for (let w = 0; w < this.words.length; w++) {
      let bits = this.words[w];
      while (bits) {
        const low = bits & -bits;
        out[n++] = w * 32 + 31 - Math.clz32(low);
        bits ^= low;
      }
    }
    return out;
  }
}
