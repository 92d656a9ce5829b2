// Where each identity of a cursor's rows sits, for looking rows up by identity during a poll.
// The rows' positions ordered by identity cost 4 bytes a row beside the identities the list
// already holds, made once at their final size; a hash table that answers as fast needs 12
// bytes for each of twice as many slots: megabytes more peak memory per poll on a
// 100,000-row sheet.

const DIGIT = 0x10000;

/** The 16-bit digit `pass` (0 = lowest) of a 48-bit identity. */
function digit(id: number, pass: number): number {
  if (pass === 0) return id & 0xffff;
  if (pass === 1) return (id >>> 16) & 0xffff;
  return Math.floor(id / 0x100000000) & 0xffff;
}

export class SortedIds {
  /** Positions in `ids`, ordered by identity; equal identities (48-bit collisions): later row first. */
  private readonly order: Uint32Array;

  constructor(
    private readonly ids: Float64Array,
    length: number,
  ) {
    // A radix sort over three 16-bit digits: linear, with no copy of the identities and
    // nothing on the JavaScript heap. Each pass keeps the order of equal digits.
    let order = new Uint32Array(length);
    let next = new Uint32Array(length);
    for (let i = 0; i < length; i++) order[i] = length - 1 - i;
    const starts = new Uint32Array(DIGIT);
    for (let pass = 0; pass < 3; pass++) {
      starts.fill(0);
      for (let i = 0; i < length; i++) starts[digit(ids[order[i]], pass)]++;
      let total = 0;
      for (let d = 0; d < DIGIT; d++) {
        const count = starts[d];
        starts[d] = total;
        total += count;
      }
      for (let i = 0; i < length; i++) next[starts[digit(ids[order[i]], pass)]++] = order[i];
      [order, next] = [next, order];
    }
    this.order = order;
  }

  /** First k whose identity is >= id. */
  private lowerBound(id: number): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ids[this.order[middle]] < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  get(id: number): number | undefined {
    const at = this.lowerBound(id);
    return at < this.order.length && this.ids[this.order[at]] === id ? this.order[at] : undefined;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }
}
