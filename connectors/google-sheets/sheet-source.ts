// What a read needs from a sheet, whoever serves it: Google's APIs (google-sheet.ts) or,
// in property tests, rows held in memory.
import type { SheetValue } from './rows/identity';

export interface RowPage {
  /** 1-based row number of rows[0]. */
  firstRow: number;
  rows: SheetValue[][];
  /** Response bytes these rows took, when they came over the network. */
  bytes?: number;
  /** The last row the page covers: `rows` stops short when the rows at the end are empty. */
  lastRow?: number;
}

/** How to read the sheet this time, from what the last read learned. */
export interface ScanPlan {
  headerRow: number;
  /** Only this column (0-based) under the header row, e.g. the key column; null: whole rows. */
  column: number | null;
  /** The last row with data last time (0: unknown, so the grid's size is asked for first). */
  lastRow: number;
  /** Response bytes a row took last time (0: unknown, so the first request is kept small). */
  bytesPerRow: number;
  /**
   * The pages are taken as fast as they come (nothing is sent meanwhile), so they may be
   * read while the answer downloads instead of after.
   */
  prompt?: boolean;
}

export interface SheetSource {
  /** The sheet's name, for messages. */
  readonly sheet: string;
  /** The whole header row (a page of its own), then the rows under it to the end of the sheet. */
  scan(plan: ScanPlan): AsyncIterable<RowPage>;
  /** Whole rows at `rowNumbers` (ascending), in pages of rows next to each other. */
  rowsAt(rowNumbers: number[], bytesPerRow: number): AsyncIterable<RowPage>;
  /** Changes whenever the spreadsheet changes; null when that cannot be known. */
  version(): Promise<string | null>;
}
