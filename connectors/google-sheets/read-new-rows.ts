// The new-row read: one pass over the sheet in pages computes every row's identity; the
// comparison with the cursor picks the rows to send and those to list as not sent; their
// data comes from rows kept during the pass or, past a bound, from re-reading only the
// pages they sit on.
import { ConnectorError, type NotSent, type SourceBatch, type SourceItem } from '../sdk';
import { makeCursor, type NewRowCursor, type SeenRows } from './rows/cursor';
import { compareRows } from './rows/diff';
import { IdTable } from './rows/id-table';
import { headerNames, isBlankRow, itemKey, rowData, RowIdentifier, type RowMark, type SheetValue } from './rows/identity';
import { RowList } from './rows/row-list';
import { PAGE_ROWS, type SheetSource } from './sheet-pages';

export interface ReadSettings {
  headerRow: number;
  keyColumn: string | null;
}

export interface ScannedRow {
  mark: RowMark;
  row: SheetValue[];
}

/** Rows of unseen identity whose data is kept during the pass; more are re-read later. */
const KEPT_ROWS = 2000;
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
export async function readHeaders(source: SheetSource, settings: ReadSettings): Promise<string[]> {
  const headers = headerNames((await source.rows(settings.headerRow, settings.headerRow))[0] ?? []);
  checkHeaders(headers, settings, source.sheet, null);
  return headers;
}

function repeatedKey(firstRow: number): NotSent {
  return { code: 'repeated_key', reason: `row ${firstRow} has the same key, and a key is sent once`, sendable: false };
}

/** Walks the sheet page by page; after the walk, `headers` and `rows` describe all of it. */
export class SheetScan {
  headers: string[] = [];
  rows = new RowList(0, 1);
  private identifier: RowIdentifier | null = null;
  /** With a key column: the row number of each key's first row, to name it when another row repeats it. */
  private firstRows: IdTable | null = null;

  /** With `nextKeyColumn`: the same rows identified the new way, for the cursor. */
  private next: { identifier: RowIdentifier; rows: RowList } | null = null;

  constructor(
    private readonly source: SheetSource,
    readonly settings: ReadSettings,
    private readonly previousHeaders: string[] | null,
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

  async *pages(): AsyncGenerator<ScannedRow[]> {
    for await (const page of this.source.pages(this.settings.headerRow)) {
      const scanned: ScannedRow[] = [];
      page.rows.forEach((row, offset) => {
        const rowNumber = page.firstRow + offset;
        if (rowNumber === this.settings.headerRow) return this.readHeader(row);
        if (!this.identifier || isBlankRow(row, this.headers.length)) return;
        const mark = this.identifier.identify(row, rowNumber, this.rows);
        if (!mark) return;
        if (this.firstRows && mark.occurrence === 1)
          this.firstRows.set(this.rows.highs[mark.index], this.rows.lows[mark.index], rowNumber);
        this.next?.identifier.identify(row, rowNumber, this.next.rows);
        scanned.push({ mark, row });
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
    checkHeaders(this.headers, this.settings, this.source.sheet, this.previousHeaders);
    const keyIndex = this.keyed ? this.headers.indexOf(this.settings.keyColumn as string) : null;
    this.identifier = new RowIdentifier(this.headers, keyIndex, this.expectedRows);
    this.rows = new RowList(this.identifier.width, this.expectedRows > 0 ? this.expectedRows : undefined);
    this.firstRows = this.keyed ? new IdTable(this.expectedRows) : null;
    if (this.nextKeyColumn !== undefined) {
      checkHeaders(this.headers, { ...this.settings, keyColumn: this.nextKeyColumn }, this.source.sheet, null);
      const keyIndex = this.nextKeyColumn === null ? null : this.headers.indexOf(this.nextKeyColumn);
      const identifier = new RowIdentifier(this.headers, keyIndex, this.expectedRows);
      this.next = { identifier, rows: new RowList(identifier.width, this.expectedRows > 0 ? this.expectedRows : undefined) };
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

  cursor(gone = new RowList(0, 1, false)): NewRowCursor {
    // Identities made the old way are no use in a cursor of the new kind: nothing is "gone" yet.
    if (this.next) return makeCursor(this.headers, this.nextKeyColumn ?? null, this.next.rows, new RowList(0, 1, false));
    return makeCursor(this.headers, this.settings.keyColumn, this.rows, gone);
  }

  /** Re-reads the pages holding the rows at `indexes` (ascending); each must still be the row the pass saw. */
  async *reread(indexes: number[], notes: Map<number, NotSent>): AsyncGenerator<SourceItem[]> {
    const probe = new RowIdentifier(this.headers, this.keyed ? this.headers.indexOf(this.settings.keyColumn as string) : null);
    let i = 0;
    while (i < indexes.length) {
      const first = this.rows.rowNumbers[indexes[i]];
      const last = first + PAGE_ROWS - 1;
      const rows = await this.source.rows(first, last);
      const items: SourceItem[] = [];
      for (; i < indexes.length && this.rows.rowNumbers[indexes[i]] <= last; i++) {
        const index = indexes[i];
        const rowNumber = this.rows.rowNumbers[index];
        const occurrence = this.rows.occurrences[index];
        const row = rows[rowNumber - first] ?? [];
        const described = probe.describe(row);
        const [hi, lo] = described === null ? [-1, -1] : probe.idOf(described, occurrence);
        if (described === null || hi !== this.rows.highs[index] || lo !== this.rows.lows[index]) {
          throw new ConnectorError(
            'retryable',
            'The sheet changed while it was being read; the next attempt reads it again.',
            {},
            1000,
          );
        }
        const mark: RowMark = { index, base: described.base, occurrence, rowNumber };
        items.push(this.item({ mark, row }, notes.get(index)));
      }
      yield items;
    }
  }
}

/** The cursor a connection starts from: "now" takes every row there as seen, "beginning" none. */
export async function startCursor(source: SheetSource, settings: ReadSettings, from: 'now' | 'beginning'): Promise<NewRowCursor> {
  const scan = new SheetScan(source, settings, null);
  if (from === 'beginning') {
    // Nothing counts as seen yet; the header row is still checked and remembered.
    scan.headers = await readHeaders(source, settings);
    return scan.cursor();
  }
  for await (const page of scan.pages()) void page;
  return scan.cursor();
}

/** "looks like an edit of row 5 (changed: Plan, Name)". */
function lookslikeEdit(previousRow: number, changed: string[]): NotSent {
  const which = previousRow > 0 ? `row ${previousRow}` : 'the row that was in its place';
  const what = changed.length > 0 ? ` (changed: ${changed.join(', ')})` : '';
  return { code: 'looks_like_edit', reason: `looks like an edit of ${which}${what}`, sendable: true };
}

/**
 * Items new since `previous` (null: every row is new), and the rows not sent with the
 * reason. The last batch carries the cursor that covers them all.
 */
export async function* readNewRows(
  source: SheetSource,
  settings: ReadSettings,
  previous: SeenRows | null,
  /** Rows whose data is kept during the pass; the rest are read again (tests lower it to cover that). */
  keptRows = KEPT_ROWS,
): AsyncGenerator<SourceBatch> {
  // Room for last time's rows and a few more, so the pass does not outgrow (and leave behind) its tables.
  const expectedRows = previous ? previous.rows.length + (previous.rows.length >>> 4) : 0;
  // A changed key column setting: this read still compares rows the way the cursor was made.
  const changed = previous !== null && previous.keyColumn !== settings.keyColumn;
  const scan = changed
    ? new SheetScan(source, { ...settings, keyColumn: previous.keyColumn }, previous.headers, expectedRows, settings.keyColumn)
    : new SheetScan(source, settings, previous?.headers ?? null, expectedRows);
  if (previous === null || (previous.rows.length === 0 && previous.gone.length === 0)) {
    // Everything is new: stream each page as it is read, a slice of items at a time.
    for await (const page of scan.pages()) {
      for (let start = 0; start < page.length; start += ITEM_BATCH)
        yield { items: page.slice(start, start + ITEM_BATCH).map((row) => scan.item(row)) };
    }
    yield { items: [], cursor: scan.cursor() };
    return;
  }
  const known = new IdTable(previous.rows.length);
  for (let i = 0; i < previous.rows.length; i++) known.set(previous.rows.highs[i], previous.rows.lows[i], 1);
  const kept = new Map<number, ScannedRow>();
  for await (const page of scan.pages()) {
    for (const scanned of page) {
      const { index } = scanned.mark;
      const low = previous.legacy ? (scan.rows.lows[index] & 0xffff0000) >>> 0 : scan.rows.lows[index];
      const unseen = !known.has(scan.rows.highs[index], low) || (scan.keyed && scanned.mark.occurrence > 1);
      if (unseen && kept.size < keptRows) kept.set(index, scanned);
    }
  }
  const verdicts = compareRows(previous, scan.rows, scan.headers, scan.keyed);
  const notes = new Map<number, NotSent>();
  for (const edit of verdicts.edits) {
    const changed = edit.changed.map((column) => scan.headers[column]);
    notes.set(edit.index, lookslikeEdit(previous.rows.rowNumbers[edit.of], changed));
  }
  for (const repeat of verdicts.repeats) notes.set(repeat.index, repeatedKey(scan.rows.rowNumbers[repeat.of]));
  const listed = [...verdicts.fresh, ...notes.keys()].sort((a, b) => a - b);
  const keptItems = listed.filter((index) => kept.has(index)).map((index) => scan.item(kept.get(index)!, notes.get(index)));
  const missing = listed.filter((index) => !kept.has(index));
  kept.clear();
  if (keptItems.length > 0) yield { items: keptItems };
  for await (const items of scan.reread(missing, notes)) yield { items };
  yield { items: [], cursor: scan.cursor(verdicts.gone) };
}
