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

/** Rows in sheet order, held in typed arrays (20 bytes a row) so 100,000 rows stay small. */
export class RowList {
  length = 0;
  ids = new Float64Array(1024);
  sketches = new Uint32Array(1024);
  /** Occurrence and row number: known for rows read now, 0 for rows from a cursor. */
  occurrences = new Uint32Array(1024);
  rowNumbers = new Uint32Array(1024);

  push(id: number, sketch: number, occurrence = 0, rowNumber = 0): number {
    if (this.length === this.ids.length) this.grow();
    this.ids[this.length] = id;
    this.sketches[this.length] = sketch;
    this.occurrences[this.length] = occurrence;
    this.rowNumbers[this.length] = rowNumber;
    return this.length++;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const resize = <T extends Float64Array | Uint32Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.ids = resize(this.ids, new Float64Array(size));
    this.sketches = resize(this.sketches, new Uint32Array(size));
    this.occurrences = resize(this.occurrences, new Uint32Array(size));
    this.rowNumbers = resize(this.rowNumbers, new Uint32Array(size));
  }

  pack(): string {
    const buffer = Buffer.alloc(this.length * RECORD);
    for (let i = 0; i < this.length; i++) {
      buffer.writeUIntBE(this.ids[i], i * RECORD, 6);
      buffer.writeUInt32BE(this.sketches[i], i * RECORD + 6);
    }
    return buffer.toString('base64');
  }

  static unpack(seen: string): RowList {
    const buffer = Buffer.from(seen, 'base64');
    const list = new RowList();
    for (let offset = 0; offset + RECORD <= buffer.length; offset += RECORD) {
      list.push(buffer.readUIntBE(offset, 6), buffer.readUInt32BE(offset + 6));
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
