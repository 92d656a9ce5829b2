// A map from 64-bit row identities (two 32-bit halves) to small counts or positions, held
// in typed arrays. A Map keyed by such identities would need a string or BigInt per row and
// rehash into fresh tables as it grows: for 100,000 rows, megabytes of objects for the
// garbage collector to copy, where this is 16 bytes a slot and nothing to trace.

export class IdTable {
  private highs: Uint32Array;
  private lows: Uint32Array;
  private values: Int32Array;
  private used: Uint8Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.highs = new Uint32Array(capacity);
    this.lows = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  /** The slot holding the identity, or the empty slot where it would go. Identities are hashes: their low bits spread well. */
  private slot(hi: number, lo: number): number {
    let at = lo & this.mask;
    while (this.used[at] === 1 && (this.highs[at] !== hi || this.lows[at] !== lo)) at = (at + 1) & this.mask;
    return at;
  }

  get(hi: number, lo: number): number | undefined {
    const at = this.slot(hi, lo);
    return this.used[at] === 1 ? this.values[at] : undefined;
  }

  has(hi: number, lo: number): boolean {
    return this.used[this.slot(hi, lo)] === 1;
  }

  set(hi: number, lo: number, value: number): void {
    let at = this.slot(hi, lo);
    if (this.used[at] === 0) {
      if ((this.size + 1) * 2 > this.used.length) {
        this.grow();
        at = this.slot(hi, lo);
      }
      this.used[at] = 1;
      this.highs[at] = hi;
      this.lows[at] = lo;
      this.size++;
    }
    this.values[at] = value;
  }

  /** Adds one to the identity's count and returns the new count. */
  increment(hi: number, lo: number): number {
    const count = (this.get(hi, lo) ?? 0) + 1;
    this.set(hi, lo, count);
    return count;
  }

  private grow(): void {
    const { highs, lows, values, used } = this;
    this.highs = new Uint32Array(used.length * 2);
    this.lows = new Uint32Array(used.length * 2);
    this.values = new Int32Array(used.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.mask = this.used.length - 1;
    for (let i = 0; i < used.length; i++) {
      if (used[i] === 0) continue;
      const at = this.slot(highs[i], lows[i]);
      this.used[at] = 1;
      this.highs[at] = highs[i];
      this.lows[at] = lows[i];
      this.values[at] = values[i];
    }
  }
}
