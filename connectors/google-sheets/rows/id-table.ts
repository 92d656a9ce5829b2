// A map from 48-bit row identities to small counts or positions, held in two typed arrays.
// A Map keyed by such numbers boxes every key as a heap number and rehashes into fresh
// tables as it grows: for 100,000 rows that is several megabytes of objects for the
// garbage collector to copy, where this is 12 bytes a slot and nothing to trace.

const EMPTY = 0;

export class IdTable {
  /** Identity + 1 per slot (0 = empty); exact, since identities stay below 2^48. */
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The slot holding `id`, or the empty slot where it would go. Identities are hashes, so their low bits spread well. */
  private slot(id: number): number {
    const stored = id + 1;
    let at = (id >>> 0) & this.mask;
    while (this.keys[at] !== EMPTY && this.keys[at] !== stored) at = (at + 1) & this.mask;
    return at;
  }

  get(id: number): number | undefined {
    const at = this.slot(id);
    return this.keys[at] === EMPTY ? undefined : this.values[at];
  }

  has(id: number): boolean {
    return this.keys[this.slot(id)] !== EMPTY;
  }

  set(id: number, value: number): void {
    let at = this.slot(id);
    if (this.keys[at] === EMPTY) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        at = this.slot(id);
      }
      this.keys[at] = id + 1;
      this.size++;
    }
    this.values[at] = value;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const at = this.slot(keys[i] - 1);
      this.keys[at] = keys[i];
      this.values[at] = values[i];
    }
  }
}
