// The new-row read: one pass over the sheet in pages computes every row's identity (12
// bytes each); the diff against the cursor picks the new rows; their data comes from rows
// held during the pass or, past a bound, from re-reading only the pages they sit on.
import { ConnectorError, type SourceBatch, type SourceItem } from '../sdk';
import { RowList, type NewRowCursor } from './rows/cursor';
import { indexById, newRowIndexes } from './rows/diff';
import { headerNames, isBlankRow, itemKey, rowData, RowIdentifier, type RowMark, type SheetValue } from './rows/identity';
import { PAGE_ROWS, readRows, rowPages, sheetRowCount, type SheetLocation } from './sheet-pages';

export interface ReadSettings {
  headerRow: number;
  keyColumn: string | null;
  pageRows?: number;
}

export interface ScannedRow {
  mark: RowMark;
  /** Position in SheetScan.rows (blank rows and rows without a key are not counted). */
  index: number;
  row: SheetValue[];
}

/** Rows of unseen identity whose data is kept during the pass; more are re-read later. */
const HELD_ROWS = 2000;
/** Items per batch handed to the engine when every row is new. */
const ITEM_BATCH = 500;

function checkHeaders(headers: string[], settings: ReadSettings, sheet: string, previous: string[] | null): void {
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

/** Reads and checks the header row alone. */
export async function readHeaders(location: SheetLocation, settings: ReadSettings): Promise<string[]> {
  const headers = headerNames((await readRows(location, settings.headerRow, settings.headerRow))[0] ?? []);
  checkHeaders(headers, settings, location.sheet, null);
  return headers;
}

/** Walks the sheet page by page; after the walk, `headers` and `marks` describe all of it. */
export class SheetScan {
  headers: string[] = [];
  readonly rows: RowList;
  private identifier: RowIdentifier | null = null;

  constructor(
    private readonly location: SheetLocation,
    readonly settings: ReadSettings,
    private readonly previousHeaders: string[] | null,
    /** Rows the sheet is likely to hold (a poll knows last time's count): tables made that size need not grow. */
    private readonly expectedRows = 0,
  ) {
    this.rows = new RowList(expectedRows > 0 ? expectedRows : undefined);
  }

  async *pages(): AsyncGenerator<ScannedRow[]> {
    const rowCount = await sheetRowCount(this.location);
    for await (const page of rowPages(this.location, this.settings.headerRow, rowCount, this.settings.pageRows ?? PAGE_ROWS)) {
      const scanned: ScannedRow[] = [];
      page.rows.forEach((row, offset) => {
        const rowNumber = page.firstRow + offset;
        if (rowNumber === this.settings.headerRow) return this.readHeader(row);
        if (!this.identifier || isBlankRow(row, this.headers.length)) return;
        const mark = this.identifier.identify(row, rowNumber);
        if (!mark) return;
        const index = this.rows.push(mark.id, mark.sketch, mark.occurrence, mark.rowNumber);
        scanned.push({ mark, index, row });
      });
      yield scanned;
      // The reader is done with this page: emptied now, its rows are garbage while the next
      // page downloads instead of surviving that wait and being promoted to the old heap.
      scanned.length = 0;
      page.rows.length = 0;
    }
    // An empty sheet has no header row yet; a configured key column is still checked.
    if (!this.identifier) this.readHeader([]);
    // Its occurrence counts are only needed during the walk.
    this.identifier = null;
  }

  private readHeader(row: SheetValue[]): void {
    this.headers = headerNames(row);
    checkHeaders(this.headers, this.settings, this.location.sheet, this.previousHeaders);
    const keyIndex = this.settings.keyColumn === null ? null : this.headers.indexOf(this.settings.keyColumn);
    this.identifier = new RowIdentifier(this.headers, keyIndex, this.expectedRows);
  }

  item(scanned: ScannedRow): SourceItem {
    return { key: itemKey(scanned.mark), data: rowData(this.headers, scanned.row, scanned.mark.rowNumber) };
  }

  cursor(): NewRowCursor {
    return { v: 1, headers: this.headers, keyColumn: this.settings.keyColumn, seen: this.rows.pack() };
  }

  /** Re-reads the pages holding the rows at `indexes` (ascending); each must still be the row the pass saw. */
  async *reread(indexes: number[]): AsyncGenerator<SourceItem[]> {
    const pageRows = this.settings.pageRows ?? PAGE_ROWS;
    const probe = new RowIdentifier(
      this.headers,
      this.settings.keyColumn === null ? null : this.headers.indexOf(this.settings.keyColumn),
    );
    let i = 0;
    while (i < indexes.length) {
      const first = this.rows.rowNumbers[indexes[i]];
      const last = first + pageRows - 1;
      const rows = await readRows(this.location, first, last);
      const items: SourceItem[] = [];
      for (; i < indexes.length && this.rows.rowNumbers[indexes[i]] <= last; i++) {
        const index = indexes[i];
        const rowNumber = this.rows.rowNumbers[index];
        const occurrence = this.rows.occurrences[index];
        const row = rows[rowNumber - first] ?? [];
        const described = probe.describe(row);
        if (described === null || probe.idOf(described, occurrence) !== this.rows.ids[index]) {
          throw new ConnectorError(
            'retryable',
            'The sheet changed while it was being read; the next attempt reads it again.',
            {},
            1000,
          );
        }
        items.push({ key: itemKey({ base: described.base, occurrence }), data: rowData(this.headers, row, rowNumber) });
      }
      yield items;
    }
  }
}

/**
 * Items new since `previous` (null: every row is new). The last batch carries the cursor
 * that covers them all.
 */
export async function* readNewRows(
  location: SheetLocation,
  settings: ReadSettings,
  previous: { headers: string[]; seen: RowList } | null,
): AsyncGenerator<SourceBatch> {
  // Room for last time's rows and a few more, so the pass does not outgrow (and leave behind) its tables.
  const expectedRows = previous ? previous.seen.length + (previous.seen.length >>> 4) : 0;
  const scan = new SheetScan(location, settings, previous?.headers ?? null, expectedRows);
  if (previous === null || previous.seen.length === 0) {
    // Everything is new: stream each page as it is read.
    // Items are made a slice at a time, so a page's 5,000 row objects are never all alive at once.
    for await (const page of scan.pages()) {
      for (let start = 0; start < page.length; start += ITEM_BATCH)
        yield { items: page.slice(start, start + ITEM_BATCH).map((row) => scan.item(row)) };
    }
    yield { items: [], cursor: scan.cursor() };
    return;
  }
  const previousIndex = indexById(previous.seen);
  const held = new Map<number, SourceItem>();
  for await (const page of scan.pages()) {
    for (const scanned of page) {
      if (!previousIndex.has(scanned.mark.id) && held.size < HELD_ROWS) held.set(scanned.index, scan.item(scanned));
    }
  }
  const fresh = newRowIndexes(previous.seen, scan.rows, previousIndex);
  const heldItems = fresh.filter((index) => held.has(index)).map((index) => held.get(index) as SourceItem);
  const missing = fresh.filter((index) => !held.has(index));
  held.clear();
  if (heldItems.length > 0) yield { items: heldItems };
  for await (const items of scan.reread(missing)) yield { items };
  yield { items: [], cursor: scan.cursor() };
}
