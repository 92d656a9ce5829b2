// The new-row cursor: the header row and the rows seen last time, in sheet order, packed
// as 10 bytes per row (6-byte identity + 4-byte sketch): about 1.3 MB of base64 for a
// 100,000-row sheet instead of tens of megabytes of JSON.

export interface NewRowCursor {
  v: 1;
  headers: string[];
  /** The key column the identities were made with; null = content fingerprints. */
  keyColumn: string | null;
  /** base64 of the packed rows. */
  seen: string;
}

const RECORD = 10;
/** Text per slice when packing and unpacking: 30,000 bytes, whole records and whole 3-byte base64 groups. */
const SLICE_CHARS = 40_000;

/** Rows in sheet order, held in typed arrays (20 bytes a row) so 100,000 rows stay small. */
export class RowList {
  length = 0;
  ids: Float64Array;
  sketches: Uint32Array;
  /** Occurrence and row number of rows read now; a list from a cursor has none (empty arrays). */
  occurrences: Uint32Array;
  rowNumbers: Uint32Array;

  /**
   * `capacity`: rows expected (a list of known length is made at its final size, leaving no
   * outgrown arrays behind). `positions`: false for a list from a cursor, which never has them.
   */
  constructor(capacity = 1024, positions = true) {
    const size = Math.max(capacity, 1);
    this.ids = new Float64Array(size);
    this.sketches = new Uint32Array(size);
    this.occurrences = new Uint32Array(positions ? size : 0);
    this.rowNumbers = new Uint32Array(positions ? size : 0);
  }

  push(id: number, sketch: number, occurrence = 0, rowNumber = 0): number {
    if (this.length === this.ids.length) this.grow();
    this.ids[this.length] = id;
    this.sketches[this.length] = sketch;
    if (this.rowNumbers.length > 0) {
      this.occurrences[this.length] = occurrence;
      this.rowNumbers[this.length] = rowNumber;
    }
    return this.length++;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const resize = <T extends Float64Array | Uint32Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    const positions = this.rowNumbers.length > 0 ? size : 0;
    this.ids = resize(this.ids, new Float64Array(size));
    this.sketches = resize(this.sketches, new Uint32Array(size));
    this.occurrences = resize(this.occurrences, new Uint32Array(positions));
    this.rowNumbers = resize(this.rowNumbers, new Uint32Array(positions));
  }

  pack(): string {
    // Encoded a slice at a time through one small Buffer, instead of a 1 MB Buffer for a
    // 100,000-row sheet on top of the text. Slices hold whole base64 groups, so their text
    // joins into exactly the base64 of the whole.
    const slice = Buffer.alloc((SLICE_CHARS / 4) * 3);
    const perSlice = slice.length / RECORD;
    let text = '';
    for (let first = 0; first < this.length; first += perSlice) {
      const last = Math.min(first + perSlice, this.length);
      for (let i = first; i < last; i++) {
        slice.writeUIntBE(this.ids[i], (i - first) * RECORD, 6);
        slice.writeUInt32BE(this.sketches[i], (i - first) * RECORD + 6);
      }
      text += slice.toString('base64', 0, (last - first) * RECORD);
    }
    return text;
  }

  static unpack(seen: string): RowList {
    const padding = seen.endsWith('==') ? 2 : seen.endsWith('=') ? 1 : 0;
    const list = new RowList(Math.floor((Math.floor((seen.length * 3) / 4) - padding) / RECORD), false);
    // Decoded a slice at a time (whole records, whole base64 groups) rather than into one
    // 1 MB Buffer on a 100,000-row sheet.
    for (let start = 0; start < seen.length; start += SLICE_CHARS) {
      const buffer = Buffer.from(seen.slice(start, start + SLICE_CHARS), 'base64');
      for (let offset = 0; offset + RECORD <= buffer.length; offset += RECORD) {
        list.push(buffer.readUIntBE(offset, 6), buffer.readUInt32BE(offset + 6));
      }
    }
    return list;
  }
}

/** A cursor from the store, or null when it is missing or from another version. */
export function readCursor(value: unknown): NewRowCursor | null {
  if (!value || typeof value !== 'object') return null;
  const cursor = value as Partial<NewRowCursor>;
  if (cursor.v !== 1 || !Array.isArray(cursor.headers) || typeof cursor.seen !== 'string') return null;
  return { v: 1, headers: cursor.headers.map(String), keyColumn: cursor.keyColumn ?? null, seen: cursor.seen };
}
