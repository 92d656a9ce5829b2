// How a row is recognised from one read to the next, whatever its position: by its key
// column's value, or (without one) by a fingerprint of its content plus an occurrence
// number for identical copies. Identities are 64-bit slices of sha256, so two different rows
// share one by chance with odds of about 1 in 10^19; cell hashes are 32-bit slices (1 in 4
// billion), enough to count a vanished row's unchanged cells.
import { hash } from 'node:crypto';
import { IdTable } from './id-table';
import type { RowList } from './row-list';

export type SheetValue = string | number | boolean | null | undefined;

/** What identify() tells about one row; its identity and cell hashes went into the list. */
export interface RowMark {
  /** Position in the RowList. */
  index: number;
  /** Key value or content fingerprint, without the occurrence. */
  base: string;
  /** 1 for the first row with this base in the sheet, 2 for the next, ... */
  occurrence: number;
  /** 1-based row number in the sheet at the time of the read. */
  rowNumber: number;
}

/** Columns whose cells are hashed one by one to tell an edited row from a different one. */
export const COMPARED_COLUMNS = 16;

export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function text(value: SheetValue): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** Header names: a blank header cell is named by its column letter, a repeated one gets " (2)". */
export function headerNames(row: SheetValue[]): string[] {
  const used = new Map<string, number>();
  let last = row.length - 1;
  while (last >= 0 && text(row[last]) === '') last--;
  return row.slice(0, last + 1).map((cell, index) => {
    const name = text(cell) || columnLetters(index);
    const count = (used.get(name) ?? 0) + 1;
    used.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

export function isBlankRow(row: SheetValue[], width: number): boolean {
  for (let i = 0; i < Math.min(row.length, width); i++) if (text(row[i]) !== '') return false;
  return true;
}

export function rowData(headers: string[], row: SheetValue[], rowNumber: number): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  headers.forEach((header, index) => {
    data[header] = row[index] === null || row[index] === undefined ? '' : row[index];
  });
  data._row = rowNumber;
  return data;
}

/** A row's base (key value or content fingerprint) and the sha256 its identity comes from. */
export interface RowBase {
  base: string;
  /** The sha256 as hex: a plain string, so 100,000 rows leave no native hash objects or Buffers to collect. */
  digest: string;
}

function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

/** Four bytes of a hex digest from byte `at`, as an unsigned number. */
export function fourBytes(hex: string, at: number): number {
  // Read digit by digit: slicing would make short strings per row, hundreds of thousands on a large sheet.
  let value = 0;
  for (let i = at * 2; i < at * 2 + 8; i++) {
    const code = hex.charCodeAt(i);
    value = value * 16 + (code <= 57 ? code - 48 : code - 87);
  }
  return value;
}

export class RowIdentifier {
  private readonly occurrences: IdTable;
  /** Columns in header-name order, so moving columns does not change a fingerprint. */
  private readonly order: number[];
  /** "name\u0000" per column, made once instead of once per row. */
  private readonly prefixes: string[];

  constructor(
    headers: string[],
    /** Index of the key column, or null to identify rows by content. */
    private readonly keyIndex: number | null,
    /** Rows this identifier is likely to see; 0 when unknown. */
    expectedRows = 0,
  ) {
    this.occurrences = new IdTable(expectedRows);
    this.order = headers
      .map((_, index) => index)
      .sort((a, b) => (headers[a] < headers[b] ? -1 : headers[a] > headers[b] ? 1 : 0));
    this.prefixes = headers.map((name) => `${name}\u0000`);
  }

  /** Frees the occurrence counts: the identifier must not identify rows afterwards. */
  release(): void {
    this.occurrences.release();
  }

  /** Cells hashed per row: none with a key column (the key alone decides), else the leading columns. */
  get width(): number {
    return this.keyIndex === null ? Math.min(this.prefixes.length, COMPARED_COLUMNS) : 0;
  }

  /**
   * The key value, or a fingerprint of the row's non-empty header/value pairs (so adding an
   * empty column leaves old rows alone); null when the key cell is empty. The fingerprint is
   * sha256 over "name NUL value SOH" for each pair; its first 16 hex digits are the item key.
   */
  describe(row: SheetValue[]): RowBase | null {
    if (this.keyIndex !== null) {
      const value = text(row[this.keyIndex]);
      return value === '' ? null : { base: value, digest: sha256Hex(value) };
    }
    let content = '';
    for (const index of this.order) {
      const value = text(row[index]);
      if (value !== '') content += this.prefixes[index] + value + '\u0001';
    }
    const digest = sha256Hex(content);
    return { base: digest.slice(0, 16), digest };
  }

  /**
   * The 64-bit identity as two numbers. With a key column it is the key's alone, so rows
   * sharing a key share it; without, a repeat of identical content gets its own. (The
   * bytes are those whose first 48 bits were the identity in cursors of version 1.)
   */
  idOf(described: RowBase, occurrence: number): [number, number] {
    if (occurrence === 1 || this.keyIndex !== null) return [fourBytes(described.digest, 6), fourBytes(described.digest, 10)];
    const digest = sha256Hex(Buffer.concat([Buffer.from(described.digest, 'hex'), Buffer.from(`#${occurrence}`)]));
    return [fourBytes(digest, 0), fourBytes(digest, 4)];
  }

  /** Adds the row to `list` (identity, row number, cell hashes); null when its key cell is empty. */
  identify(row: SheetValue[], rowNumber: number, list: RowList): RowMark | null {
    const described = this.describe(row);
    if (described === null) return null;
    const slot = fourBytes(described.digest, 0);
    const slotLow = fourBytes(described.digest, 4);
    const occurrence = (this.occurrences.get(slot, slotLow) ?? 0) + 1;
    this.occurrences.set(slot, slotLow, occurrence);
    const [hi, lo] = this.idOf(described, occurrence);
    const index = list.push(hi, lo, rowNumber, occurrence);
    for (let column = 0; column < list.width; column++) {
      const value = text(row[column]);
      if (value === '') continue;
      // 0 means "empty"; a filled cell whose hash is 0 is taken as 1. Cells only tell an edit
      // from a new row, so 32 bits are plenty: the identity above is the 64-bit part.
      list.setCell(index, column, fourBytes(sha256Hex(this.prefixes[column] + value), 0) || 1);
    }
    return { index, base: described.base, occurrence, rowNumber };
  }
}

/** The item key the ledger stores: the key value (or fingerprint), plus "#n" for repeats. */
export function itemKey(mark: Pick<RowMark, 'base' | 'occurrence'>): string {
  return mark.occurrence === 1 ? mark.base : `${mark.base}#${mark.occurrence}`;
}
