// Spreadsheets held in memory. A sheet is an array of rows (each an array of cells), so a
// 100,000-row sheet is cheap and reading a range touches only the rows it covers.
import { randomBytes } from 'node:crypto';
import type { A1Range } from './a1';

export type Cell = string | number | boolean | null;

export interface Sheet {
  sheetId: number;
  title: string;
  rows: Cell[][];
  rowCount: number;
  columnCount: number;
  /** Columns hidden with updateDimensionProperties (0-based). */
  hiddenColumns?: Set<number>;
}

export interface Spreadsheet {
  spreadsheetId: string;
  title: string;
  owner: string;
  /** Emails (service accounts, users) the spreadsheet is shared with, besides its owner. */
  sharedWith: Set<string>;
  sheets: Sheet[];
  /** Drive's `version`: goes up on every change to the file, by the API or by a person. */
  version: number;
  /** Drive's `modifiedTime`, in milliseconds of the emulator's clock. */
  modifiedTime: number;
}

/** Records a change to the spreadsheet, as Drive does for every write. */
export function touch(spreadsheet: Spreadsheet, now: number): void {
  spreadsheet.version += 1;
  spreadsheet.modifiedTime = now;
}

/** A range resolved against a sheet's grid: every bound is a real index. */
export interface GridRange {
  sheet: Sheet;
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

export function isEmptyCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || cell === '';
}

export function newSheet(sheetId: number, title: string, rows: Cell[][]): Sheet {
  const sheet: Sheet = { sheetId, title, rows: [], rowCount: DEFAULT_ROWS, columnCount: DEFAULT_COLUMNS };
  setRows(sheet, 0, rows);
  return sheet;
}

export function newSpreadsheetId(): string {
  // Real ids are 44 characters of base64url; the length matters to nobody but looks right.
  return randomBytes(33).toString('base64url');
}

function growGrid(sheet: Sheet, lastRow: number, lastColumn: number): void {
  if (lastRow + 1 > sheet.rowCount) sheet.rowCount = lastRow + 1;
  if (lastColumn + 1 > sheet.columnCount) sheet.columnCount = lastColumn + 1;
}

/** Writes rows starting at (row, column), cell by cell, growing the grid if needed. */
export function setRows(sheet: Sheet, row: number, rows: Cell[][], column = 0): void {
  while (sheet.rows.length < row) sheet.rows.push([]);
  rows.forEach((values, offset) => {
    const target = sheet.rows[row + offset] ?? (sheet.rows[row + offset] = []);
    while (target.length < column) target.push(null);
    values.forEach((value, i) => {
      target[column + i] = value;
    });
    growGrid(sheet, row + offset, column + values.length - 1);
  });
}

export function insertRows(sheet: Sheet, at: number, rows: Cell[][]): void {
  while (sheet.rows.length < at) sheet.rows.push([]);
  sheet.rows.splice(at, 0, ...rows.map((row) => [...row]));
  sheet.rowCount += rows.length;
  for (const row of rows) growGrid(sheet, 0, row.length - 1);
}

export function deleteRows(sheet: Sheet, at: number, count: number): void {
  sheet.rows.splice(at, count);
  sheet.rowCount = Math.max(1, sheet.rowCount - count);
}

/** Index of the row after the last row holding any value in the given columns. */
export function endOfData(sheet: Sheet, startColumn: number, endColumn: number): number {
  for (let r = sheet.rows.length - 1; r >= 0; r--) {
    const row = sheet.rows[r];
    for (let c = startColumn; c <= Math.min(endColumn, row.length - 1); c++) {
      if (!isEmptyCell(row[c])) return r + 1;
    }
  }
  return 0;
}

/** Clamps an A1 range to the sheet's grid, as Google does for open ranges. */
export function toGridRange(sheet: Sheet, range: A1Range): GridRange {
  return {
    sheet,
    startRow: range.startRow,
    startColumn: range.startColumn,
    endRow: Math.min(range.endRow ?? sheet.rowCount - 1, sheet.rowCount - 1),
    endColumn: Math.min(range.endColumn ?? sheet.columnCount - 1, sheet.columnCount - 1),
  };
}

/**
 * Rows of a range with trailing empty cells and trailing empty rows removed; empty rows in
 * the middle stay as []. Only the rows inside the range are visited.
 */
export function readRange(range: GridRange, render?: (source: Cell[], column: number) => Cell): Cell[][] {
  const out: Cell[][] = [];
  const last = Math.min(range.endRow, range.sheet.rows.length - 1);
  for (let r = range.startRow; r <= last; r++) {
    const source = range.sheet.rows[r] ?? [];
    let end = Math.min(range.endColumn, source.length - 1);
    while (end >= range.startColumn && isEmptyCell(source[end])) end--;
    const row: Cell[] = [];
    for (let c = range.startColumn; c <= end; c++) row.push(render ? render(source, c) : (source[c] ?? ''));
    out.push(row);
  }
  while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
  return out;
}
