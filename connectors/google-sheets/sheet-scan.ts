// One pass over a sheet: the header row checked, every row's identity (and, without a key
// column, its cell hashes) added to a RowList, page by page. A poll with a key column reads
// that column alone; the rows to send are read whole afterwards (reread).
import { ConnectorError, type NotSent, type SourceItem } from '../sdk';
import { makeCursor, type NewRowCursor, type ReadFacts } from './rows/cursor';
import { IdTable } from './rows/id-table';
import { headerNames, isBlankRow, itemKey, rowData, RowIdentifier, type RowMark, type SheetValue } from './rows/identity';
import { RowList } from './rows/row-list';
import type { ScanPlan, SheetSource } from './sheet-source';

export interface ReadSettings {
  headerRow: number;
  keyColumn: string | null;
}

export interface ScannedRow {
  mark: RowMark;
  row: SheetValue[];
}

export function checkHeaders(headers: string[], settings: ReadSettings, sheet: string, previous: string[] | null): void {
  const where = `the header row (row ${settings.headerRow}) of sheet "${sheet}"`;
  if (settings.keyColumn !== null && !headers.includes(settings.keyColumn)) {
    throw new ConnectorError(
      'config',
      `The key column "${settings.keyColumn}" is not in ${where}. Rename it back or choose another key column.`,
    );
  }
  const missing = (previous ?? []).filter((name) => !headers.includes(name));
  if (missing.length > 0) {
    const names = missing.map((name) => `"${name}"`).join(', ');
    throw new ConnectorError(
      'config',
      `Column ${names} is no longer in ${where}: it was renamed or deleted, so mapped values would be wrong. ` +
        'Rename it back, or edit the connection to use the new column names.',
      { code: 'header_changed' },
    );
  }
}

export function repeatedKey(firstRow: number): NotSent {
  return { code: 'repeated_key', reason: `row ${firstRow} has the same key, and a key is sent once`, sendable: false };
}

const sheetChanged = () =>
  new ConnectorError('retryable', 'The sheet changed while it was being read; the next attempt reads it again.', {}, 1000);

/** Walks the sheet page by page; after the walk, `headers` and `rows` describe all of it. */
export class SheetScan {
  headers: string[] = [];
  rows = new RowList(0, 1);
  private identifier: RowIdentifier | null = null;
  /** With a key column: the row number of each key's first row, to name it when another row repeats it. */
  private firstRows: IdTable | null = null;
  /** With `nextKeyColumn`: the same rows identified the new way, for the cursor. */
  private next: { identifier: RowIdentifier; rows: RowList } | null = null;
  private bytes = 0;
  private bytesRows = 0;
  /** Characters the key column's cells would take alone, counted in a whole-row pass. */
  private keyChars = 0;

  constructor(
    private readonly source: SheetSource,
    readonly settings: ReadSettings,
    private readonly previousHeaders: string[] | null,
    /** How to read: the whole rows, or the key column alone; and what the last read measured. */
    private plan: ScanPlan,
    /** Rows the sheet is likely to hold (a poll knows last time's count): tables made that size need not grow. */
    private readonly expectedRows = 0,
    /**
     * Set when the key column setting just changed: rows are compared with the cursor the
     * old way, and the next cursor is made the new way, in the same pass.
     */
    private readonly nextKeyColumn?: string | null,
  ) {}

  get keyed(): boolean {
    return this.settings.keyColumn !== null;
  }

  /** True when the pass reads the key column alone: its rows have no data to send yet. */
  get keysOnly(): boolean {
    return this.plan.column !== null;
  }

  /** Response bytes a row took in this pass (0: nothing came over the network). */
  get bytesPerRow(): number {
    return this.bytesRows > 0 ? this.bytes / this.bytesRows : 0;
  }

  /** Bytes a row of the key column alone takes: measured in a key-column pass, else estimated from the cells. */
  get keyBytesPerRow(): number {
    if (this.keysOnly) return this.bytesPerRow;
    return this.bytesRows > 0 ? this.keyChars / this.bytesRows : 0;
  }

  async *pages(): AsyncGenerator<ScannedRow[]> {
    scanning: for (;;) {
      let header = true;
      for await (const page of this.source.scan(this.plan)) {
        if (header) {
          header = false;
          this.readHeader(page.rows[0] ?? []);
          // The key column moved since last time: read the right one instead.
          const keyIndex = this.keyed ? this.headers.indexOf(this.settings.keyColumn as string) : -1;
          if (this.plan.column !== null && keyIndex !== this.plan.column) {
            this.plan = { ...this.plan, column: keyIndex };
            continue scanning;
          }
          continue;
        }
        this.bytes += page.bytes ?? 0;
        this.bytesRows += page.bytes === undefined ? 0 : page.rows.length;
        const scanned: ScannedRow[] = [];
        const keyIndex =
          this.keyed && !this.keysOnly && page.bytes !== undefined ? this.headers.indexOf(this.settings.keyColumn as string) : -1;
        page.rows.forEach((row, offset) => {
          // The cell, its quotes, brackets and commas, as the key column alone would come.
          if (keyIndex >= 0) this.keyChars += String(row[keyIndex] ?? '').length + 6;
          const rowNumber = page.firstRow + offset;
          if (!this.identifier || isBlankRow(row, this.headers.length)) return;
          const mark = this.identifier.identify(row, rowNumber, this.rows);
          if (!mark) return;
          if (this.firstRows && mark.occurrence === 1)
            this.firstRows.set(this.rows.highs[mark.index], this.rows.lows[mark.index], rowNumber);
          this.next?.identifier.identify(row, rowNumber, this.next.rows);
          // A key-column pass has no data to hand on: its rows are read whole later.
          if (!this.keysOnly) scanned.push({ mark, row });
        });
        yield scanned;
        // The reader is done with this page: emptied now, its rows are garbage while the next
        // page downloads instead of surviving that wait and being promoted to the old heap.
        scanned.length = 0;
        page.rows.length = 0;
      }
      break;
    }
    // Its occurrence counts are only needed during the walk.
    this.identifier?.release();
    this.identifier = null;
  }

  private readHeader(row: SheetValue[]): void {
    this.headers = headerNames(row);
    checkHeaders(this.headers, this.settings, this.source.sheet, this.previousHeaders);
    const capacity = this.expectedRows > 0 ? this.expectedRows : undefined;
    // Rows of a key-column pass hold that one cell.
    const keyIndex = !this.keyed ? null : this.keysOnly ? 0 : this.headers.indexOf(this.settings.keyColumn as string);
    this.identifier = new RowIdentifier(this.headers, keyIndex, this.expectedRows);
    this.rows = new RowList(this.identifier.width, capacity);
    this.firstRows = this.keyed ? new IdTable(this.expectedRows) : null;
    if (this.nextKeyColumn !== undefined) {
      checkHeaders(this.headers, { ...this.settings, keyColumn: this.nextKeyColumn }, this.source.sheet, null);
      const nextIndex = this.nextKeyColumn === null ? null : this.headers.indexOf(this.nextKeyColumn);
      const identifier = new RowIdentifier(this.headers, nextIndex, this.expectedRows);
      this.next = { identifier, rows: new RowList(identifier.width, capacity) };
    }
  }

  /** A row as an item; with a key column, a repeat of an earlier row's key is listed as not sent. */
  item(scanned: ScannedRow, notSent?: NotSent): SourceItem {
    const item: SourceItem = { key: itemKey(scanned.mark), data: rowData(this.headers, scanned.row, scanned.mark.rowNumber) };
    const { index, occurrence } = scanned.mark;
    if (!notSent && this.firstRows && occurrence > 1) {
      notSent = repeatedKey(this.firstRows.get(this.rows.highs[index], this.rows.lows[index]) ?? 0);
    }
    if (notSent) item.notSent = notSent;
    return item;
  }

  /** The cursor of this pass: the last use of the scan, whose rows are freed while it is made. */
  cursor(gone = new RowList(0, 1, false), facts?: ReadFacts): NewRowCursor {
    // Identities made the old way are no use in a cursor of the new kind: nothing is "gone" yet.
    const none = new RowList(0, 1, false);
    if (this.next) return makeCursor(this.headers, this.nextKeyColumn ?? null, this.next.rows, none, facts, true);
    return makeCursor(this.headers, this.settings.keyColumn, this.rows, gone, facts, true);
  }

  /** Reads the rows at `indexes` (ascending) whole; each must still be the row the pass saw. */
  async *reread(indexes: number[], notes: Map<number, NotSent>, bytesPerRow: number): AsyncGenerator<SourceItem[]> {
    if (indexes.length === 0) return;
    const probe = new RowIdentifier(this.headers, this.keyed ? this.headers.indexOf(this.settings.keyColumn as string) : null);
    const rowNumbers = indexes.map((index) => this.rows.rowNumbers[index]);
    let i = 0;
    for await (const page of this.source.rowsAt(rowNumbers, bytesPerRow)) {
      const items: SourceItem[] = [];
      const last = page.lastRow ?? page.firstRow + page.rows.length - 1;
      for (; i < indexes.length && rowNumbers[i] <= last; i++) {
        const index = indexes[i];
        const rowNumber = rowNumbers[i];
        const occurrence = this.rows.occurrences[index];
        const row = page.rows[rowNumber - page.firstRow] ?? [];
        const described = probe.describe(row);
        if (described === null) throw sheetChanged();
        const [hi, lo] = probe.idOf(described, occurrence);
        if (hi !== this.rows.highs[index] || lo !== this.rows.lows[index]) throw sheetChanged();
        const mark: RowMark = { index, base: described.base, occurrence, rowNumber };
        items.push(this.item({ mark, row }, notes.get(index)));
      }
      yield items;
    }
    if (i < indexes.length) throw sheetChanged();
  }
}
