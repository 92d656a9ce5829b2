// How a row is recognised between reads without using its position: by its key column
// value when one is chosen, otherwise by a fingerprint of its content. Identical rows are
// told apart by occurrence ("the 2nd row with this content"), so a duplicate is still new.
import { hash } from 'node:crypto';
import { IdTable } from './id-table';

export type SheetValue = string | number | boolean | null | undefined;

export interface RowMark {
  /** 48 bits of hash(key or fingerprint + occurrence), as a number. What the cursor stores. */
  id: number;
  /** Key value or content fingerprint, without the occurrence. */
  base: string;
  occurrence: number;
  /** 8 nibbles, one per leading column, to tell an edited row from a different one. */
  sketch: number;
  /** 1-based row number in the sheet at the time of the read (display only). */
  rowNumber: number;
}

const SKETCH_COLUMNS = 8;

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function text(value: SheetValue): string {
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

function nibble(value: string): number {
  if (value === '') return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % 15) + 1;
}

/** A row's base (key value or content fingerprint) and the sha256 its numbers come from. */
export interface RowBase {
  base: string;
  /** The sha256 as hex: a plain string, so 100,000 rows leave no native hash objects or Buffers to collect. */
  digest: string;
}

function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

/** Six bytes of a hex digest from byte `at`, as a number (exact: 48 bits). */
function sixBytes(hex: string, at: number): number {
  // Read digit by digit: slicing would make two short strings per row, 200,000 on a large sheet.
  let value = 0;
  for (let i = at * 2; i < at * 2 + 12; i++) {
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

  /**
   * The key value, or a fingerprint of the row's non-empty header/value pairs (so adding an
   * empty column leaves old rows alone); null when the key cell is empty. The fingerprint is
   * sha256 over "name NUL value SOH" for each pair, hashed in one call.
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

  /** 48-bit identity as a plain number: cheap to keep 100,000 of in typed arrays and Maps. */
  idOf(described: RowBase, occurrence: number): number {
    if (occurrence === 1) return sixBytes(described.digest, 6);
    return sixBytes(sha256Hex(Buffer.concat([Buffer.from(described.digest, 'hex'), Buffer.from(`#${occurrence}`)])), 0);
  }

  identify(row: SheetValue[], rowNumber: number): RowMark | null {
    const described = this.describe(row);
    if (described === null) return null;
    const slot = sixBytes(described.digest, 0);
    const occurrence = (this.occurrences.get(slot) ?? 0) + 1;
    this.occurrences.set(slot, occurrence);
    let sketch = 0;
    for (let i = 0; i < SKETCH_COLUMNS; i++) sketch = (sketch << 4) | nibble(text(row[i]));
    return { id: this.idOf(described, occurrence), base: described.base, occurrence, sketch: sketch >>> 0, rowNumber };
  }
}

/** The item key the ledger stores: the key value (or fingerprint), plus "#n" for repeats. */
export function itemKey(mark: Pick<RowMark, 'base' | 'occurrence'>): string {
  return mark.occurrence === 1 ? mark.base : `${mark.base}#${mark.occurrence}`;
}

/** True when at least half of the leading cells either row fills are unchanged. */
export function looksLikeSameRow(a: number, b: number): boolean {
  let compared = 0;
  let matches = 0;
  for (let shift = 0; shift < SKETCH_COLUMNS * 4; shift += 4) {
    const x = (a >>> shift) & 0xf;
    const y = (b >>> shift) & 0xf;
    if (x === 0 && y === 0) continue;
    compared++;
    if (x === y) matches++;
  }
  return compared > 0 && matches * 2 >= compared;
}
