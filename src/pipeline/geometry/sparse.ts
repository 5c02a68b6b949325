// Sparse containers for coarse-to-fine extraction. At 512³ a dense Float32Array is 537 MB and a byte mask
// 134 MB, while the surface touches a few million lattice points: values live in an open-addressing hash
// map keyed by lattice id, and cell membership in a bit set (17 MB at 512³).

const EMPTY = 0xffffffff;

/** uint32 lattice id → number, open addressing with linear probing; ids must be below 2³² − 1. */
export class IdMap<V extends Float32Array | Int32Array = Float32Array> {
  private keys: Uint32Array;
  private vals: V;
  private shift: number;
  size = 0;

  constructor(
    private readonly make: (n: number) => V,
    expected = 1024,
  ) {
    const cap = 2 ** Math.ceil(Math.log2(Math.max(16, 2 * expected)));
    this.keys = new Uint32Array(cap).fill(EMPTY);
    this.vals = make(cap);
    this.shift = 32 - Math.log2(cap);
  }

  // Fibonacci hashing: the high bits of id·φ spread runs of neighbouring ids over the table.
  private slot(id: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(id, 0x9e3779b1) >>> this.shift;
    while (this.keys[s] !== EMPTY && this.keys[s] !== id) s = (s + 1) & mask;
    return s;
  }

  has(id: number): boolean {
    return this.keys[this.slot(id)] === id;
  }

  /** The value stored for `id`, or `missing` when there is none. */
  get(id: number, missing = NaN): number {
    const s = this.slot(id);
    return this.keys[s] === id ? this.vals[s] : missing;
  }

  set(id: number, value: number): void {
    let s = this.slot(id);
    if (this.keys[s] !== id) {
      if (2 * (this.size + 1) > this.keys.length) {
        this.grow();
        s = this.slot(id);
      }
      this.keys[s] = id;
      this.size++;
    }
    this.vals[s] = value;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Uint32Array(2 * keys.length).fill(EMPTY);
    this.vals = this.make(2 * keys.length);
    this.shift--;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === EMPTY) continue;
      const t = this.slot(keys[s]);
      this.keys[t] = keys[s];
      this.vals[t] = vals[s];
    }
  }
}

export const floatMap = (expected?: number) => new IdMap((n) => new Float32Array(n), expected);
export const intMap = (expected?: number) => new IdMap((n) => new Int32Array(n), expected);

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
    const w = id >>> 5, b = 1 << (id & 31);
    if (this.words[w] & b) return false;
    this.words[w] |= b;
    return true;
  }
  /** The members, ascending. */
  toArray(count?: number): Uint32Array {
    const out: number[] = count === undefined ? [] : new Array(count);
    let n = 0;
    for (let w = 0; w < this.words.length; w++) {
      let bits = this.words[w];
      while (bits) {
        const low = bits & -bits;
        out[n++] = w * 32 + 31 - Math.clz32(low);
        bits ^= low;
      }
    }
    return Uint32Array.from(out.length === n ? out : out.slice(0, n));
  }
}
