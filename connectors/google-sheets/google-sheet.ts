// A sheet read through Google's APIs in as few requests as fit: a 100,000-row sheet is a
// handful of values.batchGet calls, its key column alone usually one. Google sets no hard
// limit on a response's size and suggests about 2 MB for speed; we allow 4 MB, which holds
// a 100,000-row key column in one request. The size of the next request comes from the
// bytes per row the last one took.
import { columnLetters, type SheetValue } from './rows/identity';
import { fileVersion, readPieces, sheetPrefix, sheetRowCount, type SheetLocation } from './requests';
import type { RowPage, ScanPlan, SheetSource } from './sheet-source';

export const RESPONSE_BYTES = 4_000_000;
/** Rows in the first request of a read whose row size is unknown. */
const FIRST_ROWS = 10_000;
/** Never fewer rows in a request than this, however wide the rows. */
const MIN_ROWS = 500;
/** Ranges per request: each is a query parameter, and the URL has to stay short. */
const MAX_RANGES = 100;
/** Rows per range of a request: each range is parsed on its own, so memory holds one range's rows. */
const RANGE_ROWS = 2000;
/** Rows wanted this close together are read as one range (reading a few more costs less than a range). */
const MERGE_GAP = 20;
/** Bytes assumed per whole row when nothing was measured yet. */
const DEFAULT_ROW_BYTES = 200;
/** The last column there can be: ranges "to the right edge" end at it. */
const LAST_COLUMN = 'ZZZ';

function rowsPerRequest(bytesPerRow: number): number {
  return bytesPerRow > 0 ? Math.max(MIN_ROWS, Math.floor(RESPONSE_BYTES / bytesPerRow)) : FIRST_ROWS;
}

export function googleSheet(location: SheetLocation): SheetSource {
  const prefix = sheetPrefix(location.sheet);
  /** Rows `first` to `last` (null: to the end of the sheet), whole or one column. */
  const range = (column: number | null, first: number, last: number | null) => {
    const [from, to] = column === null ? ['A', LAST_COLUMN] : [columnLetters(column), columnLetters(column)];
    return `${prefix}${from}${first}:${to}${last ?? ''}`;
  };

  return {
    sheet: location.sheet,
    version: () => fileVersion(location),

    async *scan(plan: ScanPlan): AsyncGenerator<RowPage> {
      // A poll knows where the rows ended last time and reads to the end from there on; a
      // first read asks the grid's size, to stop where it ends.
      const rowCount = plan.lastRow > plan.headerRow ? null : await sheetRowCount(location);
      const expectedEnd = rowCount ?? plan.lastRow;
      let bytesPerRow = plan.bytesPerRow;
      let start = plan.headerRow + 1;
      for (let first = true; ; first = false) {
        const stop = start + rowsPerRequest(bytesPerRow) - 1;
        const toTheEnd = rowCount === null && stop >= expectedEnd;
        const last = rowCount === null ? stop : Math.min(stop, rowCount);
        // The request's rows in ranges of RANGE_ROWS, each parsed on its own; the last one
        // of a poll's last request runs to the end of the sheet.
        const spans: Array<[number, number | null]> = [];
        for (let from = start; from <= last; from += RANGE_ROWS) spans.push([from, Math.min(from + RANGE_ROWS - 1, last)]);
        if (toTheEnd && spans.length > 0) spans[spans.length - 1][1] = null;
        const header = first ? [`${prefix}${plan.headerRow}:${plan.headerRow}`] : [];
        const wanted = [...header, ...spans.map(([from, to]) => range(plan.column, from, to))];
        let rows = 0;
        let bytes = 0;
        let headerRow: SheetValue[] = [];
        for await (const piece of readPieces(location, wanted, plan.prompt)) {
          if (piece.index < header.length) {
            headerRow = piece.offset === 0 && piece.rows.length > 0 ? piece.rows[0] : headerRow;
            if (piece.last) yield { firstRow: plan.headerRow, rows: [headerRow] };
            continue;
          }
          rows += piece.rows.length;
          bytes += piece.bytes;
          yield { firstRow: spans[piece.index - header.length][0] + piece.offset, rows: piece.rows, bytes: piece.bytes };
        }
        if (rows > 0) bytesPerRow = bytes / rows;
        if (toTheEnd || spans.length === 0 || (rowCount !== null && last >= rowCount)) return;
        start = last + 1;
      }
    },

    async *rowsAt(rowNumbers: number[], bytesPerRow: number): AsyncGenerator<RowPage> {
      const runs: Array<[number, number]> = [];
      for (const row of rowNumbers) {
        const run = runs[runs.length - 1];
        if (run && row - run[1] <= MERGE_GAP && row - run[0] < RANGE_ROWS) run[1] = Math.max(run[1], row);
        else runs.push([row, row]);
      }
      const budget = rowsPerRequest(bytesPerRow || DEFAULT_ROW_BYTES);
      let next = 0;
      while (next < runs.length) {
        const batch: Array<[number, number]> = [];
        let rows = 0;
        while (
          next < runs.length &&
          batch.length < MAX_RANGES &&
          (batch.length === 0 || rows + runs[next][1] - runs[next][0] < budget)
        ) {
          rows += runs[next][1] - runs[next][0] + 1;
          batch.push(runs[next++]);
        }
        for await (const piece of readPieces(
          location,
          batch.map(([first, last]) => range(null, first, last)),
        )) {
          const firstRow = batch[piece.index][0] + piece.offset;
          // A range's last piece covers it to its end (trailing empty rows are left out).
          const lastRow = piece.last ? batch[piece.index][1] : firstRow + piece.rows.length - 1;
          yield { firstRow, rows: piece.rows, lastRow };
        }
      }
    },
  };
}
