// The new-row cursor: the header row, the rows seen last time in sheet order, and rows
// deleted lately, packed in base64: per row an 8-byte identity, a 4-byte row number and,
// without a key column, 4 bytes per compared cell. With a key column that is about 1.6 MB
// of text for a 100,000-row sheet instead of tens of megabytes of JSON; with five compared
// cells, 4.3 MB (version 2 kept 8 bytes a cell, 6.9 MB: still read, and replaced by the
// next read that changes something).
import { release } from './release';
import { RowList } from './row-list';

export interface NewRowCursor {
  /** 3: 4-byte cell hashes; 2 (read, no longer written): 8-byte ones. */
  v: 3;
  headers: string[];
  /** The key column the identities were made with; null = content fingerprints. */
  keyColumn: string | null;
  /** Cells hashed per row (no key column), the first columns of `headers`. */
  cells: number;
  rows: string;
  /** Identities of rows deleted lately, newest first: a row put back is not new. */
  gone: string;
  /** Drive's version of the spreadsheet when the read that made this cursor began; null: unknown. */
  version?: string | null;
  /** Response bytes per row measured by the read: its key column alone, and whole rows (0: not measured). */
  keyBytes?: number;
  rowBytes?: number;
}

/** What a read learned besides the rows: to skip the next one if nothing changed, and to size its requests. */
export interface ReadFacts {
  version: string | null;
  keyBytes: number;
  rowBytes: number;
}

/** A cursor read back: what the next read is compared with. */
export interface SeenRows extends ReadFacts {
  headers: string[];
  keyColumn: string | null;
  rows: RowList;
  gone: RowList;
  /** From a version-1 cursor: 48-bit identities (low 16 bits 0), no cells, no row numbers. */
  legacy: boolean;
}

const NO_FACTS: ReadFacts = { version: null, keyBytes: 0, rowBytes: 0 };

const positive = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : 0);

/** Deleted rows remembered: a row deleted and put back within this many deletions is not new. */
export const GONE_LIMIT = 50_000;
/** Bytes per slice when packing and unpacking: whole records and whole 3-byte base64 groups. */
const SLICE_BYTES = 30_000;

function sliceRecords(recordBytes: number): number {
  return 3 * Math.max(1, Math.floor(SLICE_BYTES / (3 * recordBytes)));
}

/**
 * Encodes `count` records through one Buffer turned into base64 at once: the text comes out
 * as one flat string, where joining slices made a rope of hundreds of strings that lived
 * long enough to be copied into the old heap, and was copied again when stored as JSON.
 */
function pack(
  count: number,
  recordBytes: number,
  write: (buffer: Buffer, offset: number, index: number) => void,
  /** Runs once the records are in the Buffer, before the text is made: to free what they came from. */
  packed?: () => void,
): string {
  const buffer = Buffer.alloc(count * recordBytes);
  for (let i = 0; i < count; i++) write(buffer, i * recordBytes, i);
  packed?.();
  const text = buffer.toString('base64');
  release(buffer);
  return text;
}

function records(text: string, recordBytes: number): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((Math.floor((text.length * 3) / 4) - padding) / recordBytes);
}

function unpack(text: string, recordBytes: number, read: (buffer: Buffer, offset: number) => void): void {
  const chars = (sliceRecords(recordBytes) * recordBytes * 4) / 3;
  for (let start = 0; start < text.length; start += chars) {
    const buffer = Buffer.from(text.slice(start, start + chars), 'base64');
    for (let offset = 0; offset + recordBytes <= buffer.length; offset += recordBytes) read(buffer, offset);
  }
}

/** `consume`: the list is freed once packed, before its text is made (it must not be used afterwards). */
export function packRows(list: RowList, consume = false): string {
  return pack(
    list.length,
    12 + 4 * list.width,
    (buffer, offset, i) => {
      buffer.writeUInt32BE(list.highs[i], offset);
      buffer.writeUInt32BE(list.lows[i], offset + 4);
      buffer.writeUInt32BE(list.rowNumbers[i], offset + 8);
      for (let column = 0; column < list.width; column++) buffer.writeUInt32BE(list.cell(i, column), offset + 12 + column * 4);
    },
    () => consume && list.release(),
  );
}

export function packIds(list: RowList): string {
  return pack(list.length, 8, (buffer, offset, i) => {
    buffer.writeUInt32BE(list.highs[i], offset);
    buffer.writeUInt32BE(list.lows[i], offset + 4);
  });
}

/**
 * Last time's rows, whose cell hashes stay in the cursor's text (which the caller holds
 * anyway) and are decoded only for the rows compared as possible edits: a vanished row's.
 * A 100,000-row sheet without a key column keeps megabytes less in memory during a poll.
 */
class StoredRows extends RowList {
  constructor(
    width: number,
    capacity: number,
    private readonly text: string,
    /** 4, or 8 in a version-2 cursor. */
    private readonly cellBytes: number,
  ) {
    super(width, capacity, false, false);
  }

  override cell(index: number, column: number): number {
    const at = index * (12 + this.cellBytes * this.width) + 12 + column * this.cellBytes;
    // Version 2 kept (first 4 bytes, next 4 bytes || 1): filled when the second half is not
    // 0, and its first half is this version's hash.
    if (this.cellBytes === 8) return this.bytesAt(at + 4) === 0 ? 0 : this.bytesAt(at) || 1;
    return this.bytesAt(at);
  }

  /** Four bytes from byte `at`, decoded from the whole 3-byte groups holding them. */
  private bytesAt(at: number): number {
    const group = Math.floor(at / 3);
    const bytes = Buffer.from(this.text.slice(group * 4, Math.ceil((at + 4) / 3) * 4), 'base64');
    return bytes.readUInt32BE(at - group * 3);
  }
}

function unpackRows(text: string, width: number, cellBytes: number): RowList {
  const recordBytes = 12 + cellBytes * width;
  const list = new StoredRows(width, records(text, recordBytes), text, cellBytes);
  unpack(text, recordBytes, (buffer, offset) =>
    list.push(buffer.readUInt32BE(offset), buffer.readUInt32BE(offset + 4), buffer.readUInt32BE(offset + 8)),
  );
  return list;
}

function unpackIds(text: string): RowList {
  const list = new RowList(0, records(text, 8), false);
  unpack(text, 8, (buffer, offset) => list.push(buffer.readUInt32BE(offset), buffer.readUInt32BE(offset + 4), 0));
  return list;
}

/** Version 1 kept 6 identity bytes and a 4-byte sketch per row; the sketch is not used any more. */
function unpackLegacy(text: string): RowList {
  const list = new RowList(0, records(text, 10), false);
  unpack(text, 10, (buffer, offset) => list.push(buffer.readUInt32BE(offset), (buffer.readUInt16BE(offset + 4) << 16) >>> 0, 0));
  return list;
}

/** A cursor from the store, or null when it is missing or not one of ours. */
export function readCursor(value: unknown): SeenRows | null {
  if (!value || typeof value !== 'object') return null;
  const cursor = value as Record<string, unknown>;
  if (!Array.isArray(cursor.headers)) return null;
  const headers = cursor.headers.map(String);
  const keyColumn = typeof cursor.keyColumn === 'string' ? cursor.keyColumn : null;
  if (cursor.v === 1 && typeof cursor.seen === 'string') {
    return { headers, keyColumn, rows: unpackLegacy(cursor.seen), gone: new RowList(0, 1, false), legacy: true, ...NO_FACTS };
  }
  if ((cursor.v !== 2 && cursor.v !== 3) || typeof cursor.rows !== 'string' || typeof cursor.gone !== 'string') return null;
  const width = Number.isInteger(cursor.cells) ? Number(cursor.cells) : 0;
  return {
    headers,
    keyColumn,
    rows: unpackRows(cursor.rows, width, cursor.v === 2 ? 8 : 4),
    gone: unpackIds(cursor.gone),
    legacy: false,
    version: typeof cursor.version === 'string' ? cursor.version : null,
    keyBytes: positive(cursor.keyBytes),
    rowBytes: positive(cursor.rowBytes),
  };
}

export function makeCursor(
  headers: string[],
  keyColumn: string | null,
  rows: RowList,
  gone: RowList,
  facts: ReadFacts = NO_FACTS,
  /** Free `rows` once packed (see packRows). */
  consume = false,
): NewRowCursor {
  const { version, keyBytes, rowBytes } = facts;
  const packed = packRows(rows, consume);
  return { v: 3, headers, keyColumn, cells: rows.width, rows: packed, gone: packIds(gone), version, keyBytes, rowBytes };
}

/** The row number of the last row with data last time (0: not known). */
export function lastRowOf(seen: SeenRows): number {
  return seen.rows.length > 0 ? seen.rows.rowNumbers[seen.rows.length - 1] : 0;
}
