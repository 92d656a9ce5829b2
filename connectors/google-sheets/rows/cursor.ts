// The new-row cursor: the header row and the rows seen last time, in sheet order, packed
// as 12 bytes per row (8-byte identity + 4-byte sketch) so a 100,000-row sheet costs
// about 1.6 MB of base64 rather than tens of megabytes of JSON.

export interface NewRowCursor {
  v: 1;
  headers: string[];
  /** The key column the identities were made with; null = content fingerprints. */
  keyColumn: string | null;
  /** base64 of the packed rows. */
  seen: string;
}

export interface SeenRow {
  id: string;
  sketch: number;
}

const RECORD = 12;

export function packSeen(rows: SeenRow[]): string {
  const buffer = Buffer.alloc(rows.length * RECORD);
  rows.forEach((row, index) => {
    buffer.write(row.id, index * RECORD, 8, 'hex');
    buffer.writeUInt32BE(row.sketch >>> 0, index * RECORD + 8);
  });
  return buffer.toString('base64');
}

export function unpackSeen(seen: string): SeenRow[] {
  const buffer = Buffer.from(seen, 'base64');
  const rows: SeenRow[] = [];
  for (let offset = 0; offset + RECORD <= buffer.length; offset += RECORD) {
    rows.push({ id: buffer.toString('hex', offset, offset + 8), sketch: buffer.readUInt32BE(offset + 8) });
  }
  return rows;
}

/** A cursor from the store, or null when it is missing or from another version. */
export function readCursor(value: unknown): NewRowCursor | null {
  if (!value || typeof value !== 'object') return null;
  const cursor = value as Partial<NewRowCursor>;
  if (cursor.v !== 1 || !Array.isArray(cursor.headers) || typeof cursor.seen !== 'string') return null;
  return { v: 1, headers: cursor.headers.map(String), keyColumn: cursor.keyColumn ?? null, seen: cursor.seen };
}
