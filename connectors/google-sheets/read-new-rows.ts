// The new-row read. First Drive's version of the spreadsheet: unchanged since the last read,
// there is nothing to read (one request). Otherwise one pass over the sheet computes every
// row's identity (with a key column, from that column alone); the comparison with the
// cursor picks the rows to send and those to list as not sent; their data comes from rows
// kept during the pass or from reading just those rows afterwards.
import type { NotSent, SourceBatch } from '../sdk';
import { lastRowOf, type NewRowCursor, type ReadFacts, type SeenRows } from './rows/cursor';
import { compareRows, indexPrevious, type Verdicts } from './rows/diff';
import { release } from './rows/release';
import { headerNames } from './rows/identity';
import { checkHeaders, repeatedKey, SheetScan, type ReadSettings, type ScannedRow } from './sheet-scan';
import type { SheetSource } from './sheet-source';

export type { ReadSettings } from './sheet-scan';

/** Rows of unseen identity whose data is kept during a whole-row pass; more are read again later. */
const KEPT_ROWS = 2000;
/** Items per batch handed to the engine when every row is new. */
const ITEM_BATCH = 500;

/** Reads and checks the header row alone. */
export async function readHeaders(source: SheetSource, settings: ReadSettings): Promise<string[]> {
  let headers: string[] = [];
  for await (const page of source.rowsAt([settings.headerRow], 0)) headers = headerNames(page.rows[0] ?? []);
  checkHeaders(headers, settings, source.sheet, null);
  return headers;
}

/** A pass over every whole row, sized by what a last read measured; `prompt`: see ScanPlan. */
function wholeRows(settings: ReadSettings, lastRow: number, bytesPerRow: number, prompt: boolean) {
  return { headerRow: settings.headerRow, column: null, lastRow, bytesPerRow, prompt };
}

/** The cursor a connection starts from: "now" takes every row there as seen, "beginning" none. */
export async function startCursor(source: SheetSource, settings: ReadSettings, from: 'now' | 'beginning'): Promise<NewRowCursor> {
  const scan = new SheetScan(source, settings, null, wholeRows(settings, 0, 0, true));
  if (from === 'beginning') {
    // Nothing counts as seen yet, and no version: the first read must read. The header row
    // is still checked and remembered.
    scan.headers = await readHeaders(source, settings);
    return scan.cursor();
  }
  const version = await source.version();
  for await (const page of scan.pages()) void page;
  return scan.cursor(undefined, { version, keyBytes: scan.keyBytesPerRow, rowBytes: scan.bytesPerRow });
}

/** "looks like an edit of row 5 (changed: Plan, Name)". */
function looksLikeEdit(previousRow: number, changed: string[]): NotSent {
  const which = previousRow > 0 ? `row ${previousRow}` : 'the row that was in its place';
  const what = changed.length > 0 ? ` (changed: ${changed.join(', ')})` : '';
  return { code: 'looks_like_edit', reason: `looks like an edit of ${which}${what}`, sendable: true };
}

/**
 * The pass over the sheet, keeping the data of rows not seen last time (up to `keptRows`),
 * and its comparison with the cursor. The index of last time's rows lives only here, so it
 * is let go before the new cursor is made.
 */
async function scanAndCompare(
  scan: SheetScan,
  previous: SeenRows,
  keptRows: number,
): Promise<{ verdicts: Verdicts; kept: Map<number, ScannedRow> }> {
  const index = indexPrevious(previous);
  const kept = new Map<number, ScannedRow>();
  for await (const page of scan.pages()) {
    if (scan.keysOnly) continue;
    for (const scanned of page) {
      const row = scanned.mark.index;
      const low = previous.legacy ? (scan.rows.lows[row] & 0xffff0000) >>> 0 : scan.rows.lows[row];
      const unseen = !index.first.has(scan.rows.highs[row], low) || (scan.keyed && scanned.mark.occurrence > 1);
      if (unseen && kept.size < keptRows) kept.set(row, scanned);
    }
  }
  const verdicts = compareRows(previous, scan.rows, scan.headers, scan.keyed, index);
  // Before the new cursor is made: see release().
  index.first.release();
  release(index.counts);
  return { verdicts, kept };
}

/**
 * Items new since `previous` (null: every row is new), and the rows not sent with the
 * reason. The last batch carries the cursor that covers them all; an unchanged spreadsheet
 * yields nothing, and the cursor stays as it is.
 */
export async function* readNewRows(
  source: SheetSource,
  settings: ReadSettings,
  previous: SeenRows | null,
  /** Rows whose data is kept during the pass; the rest are read again (tests lower it to cover that). */
  keptRows = KEPT_ROWS,
): AsyncGenerator<SourceBatch> {
  // Asked before the sheet is read: a change made during the read shows at the next one.
  const version = await source.version();
  if (previous !== null && previous.version !== null && previous.version === version) return;

  // Room for last time's rows and a few more, so the pass does not outgrow (and leave behind) its tables.
  const expectedRows = previous ? previous.rows.length + (previous.rows.length >>> 4) : 0;
  const lastRow = previous ? lastRowOf(previous) : 0;
  const facts = (scan: SheetScan): ReadFacts => ({
    version,
    keyBytes: scan.keyBytesPerRow || (previous?.keyBytes ?? 0),
    rowBytes: scan.keysOnly ? (previous?.rowBytes ?? 0) : scan.bytesPerRow || (previous?.rowBytes ?? 0),
  });

  if (previous === null || (previous.rows.length === 0 && previous.gone.length === 0)) {
    // Everything is new: stream each page as it is read, a slice of items at a time.
    const scan = new SheetScan(
      source,
      settings,
      previous?.headers ?? null,
      // Items go to the destination between pages: the answer is downloaded first.
      wholeRows(settings, lastRow, previous?.rowBytes ?? 0, false),
    );
    for await (const page of scan.pages()) {
      for (let start = 0; start < page.length; start += ITEM_BATCH)
        yield { items: page.slice(start, start + ITEM_BATCH).map((row) => scan.item(row)) };
    }
    yield { items: [], cursor: scan.cursor(undefined, facts(scan)) };
    return;
  }

  // A changed key column setting: this read still compares rows the way the cursor was made.
  const changed = previous.keyColumn !== settings.keyColumn;
  const compared = changed ? { ...settings, keyColumn: previous.keyColumn } : settings;
  // With a key column the key alone decides, so its column is all the pass needs to read.
  const keyIndex = compared.keyColumn === null || changed ? -1 : previous.headers.indexOf(compared.keyColumn);
  // The whole pass comes before any item is handed on: pages may be read as they arrive.
  const plan =
    keyIndex >= 0
      ? { headerRow: settings.headerRow, column: keyIndex, lastRow, bytesPerRow: previous.keyBytes, prompt: true }
      : wholeRows(settings, lastRow, previous.rowBytes, true);
  const scan = new SheetScan(source, compared, previous.headers, plan, expectedRows, changed ? settings.keyColumn : undefined);

  const { verdicts, kept } = await scanAndCompare(scan, previous, keptRows);
  const notes = new Map<number, NotSent>();
  for (const edit of verdicts.edits) {
    const columns = edit.changed.map((column) => scan.headers[column]);
    notes.set(edit.index, looksLikeEdit(previous.rows.rowNumbers[edit.of], columns));
  }
  for (const repeat of verdicts.repeats) notes.set(repeat.index, repeatedKey(scan.rows.rowNumbers[repeat.of]));
  const listed = [...verdicts.fresh, ...notes.keys()].sort((a, b) => a - b);
  const keptItems = listed.filter((at) => kept.has(at)).map((at) => scan.item(kept.get(at)!, notes.get(at)));
  const missing = listed.filter((at) => !kept.has(at));
  kept.clear();
  if (keptItems.length > 0) yield { items: keptItems };
  const rowBytes = previous.rowBytes || (scan.keysOnly ? 0 : scan.bytesPerRow);
  for await (const items of scan.reread(missing, notes, rowBytes)) yield { items };
  yield { items: [], cursor: scan.cursor(verdicts.gone, facts(scan)) };
}
