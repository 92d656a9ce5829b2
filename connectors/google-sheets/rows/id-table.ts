// A map from 64-bit row identities (two 32-bit halves) to small counts or positions, held
// in typed arrays. A Map keyed by such identities would need a string or BigInt per row and
// rehash into fresh tables as it grows: for 100,000 rows, megabytes of objects for the
// garbage collector to copy, where this is 12 bytes a slot, a third of them left free.
import { release } from './release';

export class IdTable {
  private highs: Uint32Array;
  private lows: Uint32Array;
  /** value + 1 per slot; 0 marks a free slot. */
  private values: Int32Array;
  size = 0;

  constructor(expected = 1024) {
    this.highs = new Uint32Array(0);
    this.lows = new Uint32Array(0);
    this.values = new Int32Array(0);
    this.allocate(Math.max(1024, Math.ceil(expected * 1.5)));
  }

  private allocate(capacity: number): void {
    this.highs = new Uint32Array(capacity);
    this.lows = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /** The slot holding the identity, or the free slot where it would go. Identities are hashes: their low bits spread well. */
  private slot(hi: number, lo: number): number {
    const capacity = this.values.length;
    let at = lo % capacity;
    while (this.values[at] !== 0 && (this.highs[at] !== hi || this.lows[at] !== lo)) at = at + 1 === capacity ? 0 : at + 1;
    return at;
  }

  /** Frees the table's memory now (see release.ts); it must not be used afterwards. */
  release(): void {
    release(this.highs, this.lows, this.values);
  }

  get(hi: number, lo: number): number | undefined {
    const stored = this.values[this.slot(hi, lo)];
    return stored === 0 ? undefined : stored - 1;
  }

  has(hi: number, lo: number): boolean {
    return this.values[this.slot(hi, lo)] !== 0;
  }

  set(hi: number, lo: number, value: number): void {
    let at = this.slot(hi, lo);
    if (this.values[at] === 0) {
      // Kept at most two thirds full, so a look-up finds its slot in a few steps.
      if ((this.size + 1) * 3 > this.values.length * 2) {
        this.grow();
        at = this.slot(hi, lo);
      }
      this.highs[at] = hi;
      this.lows[at] = lo;
      this.size++;
    }
    this.values[at] = value + 1;
  }

  /** Adds one to the identity's count and returns the new count. */
  increment(hi: number, lo: number): number {
    const count = (this.get(hi, lo) ?? 0) + 1;
    this.set(hi, lo, count);
    return count;
  }

  private grow(): void {
    const { highs, lows, values } = this;
    this.allocate(values.length * 2);
    for (let i = 0; i < values.length; i++) {
      if (values[i] === 0) continue;
      const at = this.slot(highs[i], lows[i]);
      this.highs[at] = highs[i];
      this.lows[at] = lows[i];
      this.values[at] = values[i];
    }
  }
}
