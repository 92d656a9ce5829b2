// The rows of one read (or of a cursor) in sheet order, held in typed arrays so 100,000
// rows stay a few megabytes with nothing for the garbage collector to trace.
import { release } from './release';

export class RowList {
  length = 0;
  /** The two 32-bit halves of each row's identity. */
  highs: Uint32Array;
  lows: Uint32Array;
  /** 1-based row number in the sheet when it was read. */
  rowNumbers: Uint32Array;
  /** Occurrence of the row's base; only rows read now have it (a list from a cursor has an empty array). */
  occurrences: Uint32Array;
  /** `width` 32-bit cell hashes per row (0 = empty cell), in header order. */
  cells: Uint32Array;

  /**
   * `width`: cells hashed per row (0 with a key column). `capacity`: rows expected (a list
   * of known length is made at its final size, leaving no outgrown arrays behind).
   * `occurrences`: false for a list from a cursor, which never has them. `cells`: false
   * for a list that keeps its cell hashes elsewhere (see StoredRows in cursor.ts).
   */
  constructor(
    readonly width: number,
    capacity = 1024,
    occurrences = true,
    cells = true,
  ) {
    const size = Math.max(capacity, 1);
    this.highs = new Uint32Array(size);
    this.lows = new Uint32Array(size);
    this.rowNumbers = new Uint32Array(size);
    this.occurrences = new Uint32Array(occurrences ? size : 0);
    this.cells = new Uint32Array(cells ? size * width : 0);
  }

  push(hi: number, lo: number, rowNumber: number, occurrence = 0): number {
    if (this.length === this.highs.length) this.grow();
    this.highs[this.length] = hi;
    this.lows[this.length] = lo;
    this.rowNumbers[this.length] = rowNumber;
    if (this.occurrences.length > 0) this.occurrences[this.length] = occurrence;
    return this.length++;
  }

  setCell(index: number, column: number, hash: number): void {
    this.cells[index * this.width + column] = hash;
  }

  cell(index: number, column: number): number {
    return this.cells[index * this.width + column];
  }

  /** Frees the list's memory now (see release.ts); it must not be used afterwards. */
  release(): void {
    release(this.highs, this.lows, this.rowNumbers, this.occurrences, this.cells);
  }

  private grow(): void {
    const size = this.highs.length * 2;
    const resize = (old: Uint32Array, length: number): Uint32Array => {
      const next = new Uint32Array(length);
      next.set(old);
      return next;
    };
    this.highs = resize(this.highs, size);
    this.lows = resize(this.lows, size);
    this.rowNumbers = resize(this.rowNumbers, size);
    this.occurrences = resize(this.occurrences, this.occurrences.length > 0 ? size : 0);
    this.cells = resize(this.cells, this.cells.length > 0 ? size * this.width : 0);
  }
}
