// The new-row read: one pass over the sheet in pages computes every row's identity (12
// bytes each), the diff against the cursor picks the new ones, and their data comes from
// rows held during the pass or, past a bound, from re-reading only the pages they sit on.
import { ConnectorError, type SourceBatch, type SourceItem } from '../sdk';
import { packSeen, type NewRowCursor, type SeenRow } from './rows/cursor';
import { newRowIndexes } from './rows/diff';
import { headerNames, isBlankRow, itemKey, rowData, RowIdentifier, type RowMark, type SheetValue } from './rows/identity';
import { PAGE_ROWS, readRows, rowPages, sheetRowCount, type SheetLocation } from './sheet-pages';

export interface ReadSettings {
  headerRow: number;
  keyColumn: string | null;
  pageRows?: number;
}

/** Rows of unseen identity whose data is kept during the pass; more are re-read later. */
const HELD_ROWS = 2000;

function checkHeaders(headers: string[], settings: ReadSettings, sheet: string, previous: string[] | null): void {
  const where = `the header row (row ${settings.headerRow}) of sheet "${sheet}"`;
  if (settings.keyColumn !== null && !headers.includes(settings.keyColumn)) {
    throw new ConnectorError('config', `The key column "${settings.keyColumn}" is not in ${where}. Rename it back or choose another key column.`);
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

export interface SheetScan {
  headers: string[];
  marks: RowMark[];
}

/**
 * Reads the header row and every row's identity. `onRow` sees each identified row with
 * its values while its page is in memory.
 */
export async function scanSheet(
  location: SheetLocation,
  settings: ReadSettings,
  previousHeaders: string[] | null,
  onRow: (mark: RowMark, index: number, row: SheetValue[], headers: string[]) => void,
  onPageEnd: () => void = () => undefined,
): Promise<SheetScan> {
  const rowCount = await sheetRowCount(location);
  let headers: string[] | null = null;
  let identifier: RowIdentifier | null = null;
  const marks: RowMark[] = [];
  for await (const page of rowPages(location, settings.headerRow, rowCount, settings.pageRows ?? PAGE_ROWS)) {
    page.rows.forEach((row, offset) => {
      const rowNumber = page.firstRow + offset;
      if (rowNumber === settings.headerRow) {
        headers = headerNames(row);
        checkHeaders(headers, settings, location.sheet, previousHeaders);
        identifier = new RowIdentifier(headers, settings.keyColumn === null ? null : headers.indexOf(settings.keyColumn));
        return;
      }
      if (!identifier || !headers || isBlankRow(row, headers.length)) return;
      const mark = identifier.identify(row, rowNumber);
      if (!mark) return;
      marks.push(mark);
      onRow(mark, marks.length - 1, row, headers);
    });
    onPageEnd();
  }
  if (headers === null) {
    // An empty sheet: no header row yet. Keep the checks honest for a configured key column.
    headers = [];
    checkHeaders(headers, settings, location.sheet, previousHeaders);
  }
  return { headers, marks };
}

export function cursorFor(scan: SheetScan, settings: ReadSettings): NewRowCursor {
  return { v: 1, headers: scan.headers, keyColumn: settings.keyColumn, seen: packSeen(scan.marks) };
}

/** Re-reads the pages holding `wanted` rows; each row must still be the row the pass saw. */
async function* reread(location: SheetLocation, scan: SheetScan, wanted: RowMark[], pageRows: number): AsyncGenerator<SourceItem[]> {
  const identifier = { check: (row: SheetValue[], mark: RowMark) => row.length > 0 && mark !== undefined };
  let i = 0;
  while (i < wanted.length) {
    const first = wanted[i].rowNumber;
    const last = first + pageRows - 1;
    const rows = await readRows(location, first, last);
    const items: SourceItem[] = [];
    const probe = new RowIdentifier(scan.headers, null);
    for (; i < wanted.length && wanted[i].rowNumber <= last; i++) {
      const mark = wanted[i];
      const row = rows[mark.rowNumber - first] ?? [];
      if (!identifier.check(row, mark) || !sameRow(probe, scan, row, mark)) {
        throw new ConnectorError('retryable', 'The sheet changed while it was being read; the next attempt reads it again.', {}, 1000);
      }
      items.push({ key: itemKey(mark), data: rowData(scan.headers, row, mark.rowNumber) });
    }
    yield items;
  }
}

function sameRow(probe: RowIdentifier, scan: SheetScan, row: SheetValue[], mark: RowMark): boolean {
  const keyIndex = scan.headers.length > 0 ? probe.keyIndexFor(mark) : null;
  return probe.baseOf(row, keyIndex) === mark.base;
}

export async function* readNewRows(
  location: SheetLocation,
  settings: ReadSettings,
  previous: { headers: string[]; seen: SeenRow[] } | null,
): AsyncGenerator<SourceBatch> {
  const pageRows = settings.pageRows ?? PAGE_ROWS;
  const everything = previous === null || previous.seen.length === 0;
  const seenIds = new Set(previous?.seen.map((row) => row.id) ?? []);
  const held = new Map<number, SourceItem>();
  let pending: SourceItem[] = [];
  const scan = await (async () => {
    // Pages are yielded from inside the scan through `pending`, so memory stays one page.
    const chunks: SourceItem[][] = [];
    const result = await scanSheet(
      location,
      settings,
      previous?.headers ?? null,
      (mark, index, row, headers) => {
        const item = { key: itemKey(mark), data: rowData(headers, row, mark.rowNumber) };
        if (everything) pending.push(item);
        else if (!seenIds.has(mark.id) && held.size < HELD_ROWS) held.set(index, item);
      },
      () => {
        if (pending.length > 0) chunks.push(pending);
        pending = [];
      },
    );
    return { result, chunks };
  })();
  void scan;
  throw new Error('unreachable');
}
