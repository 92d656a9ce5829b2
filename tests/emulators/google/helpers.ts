// What tests do to a spreadsheet "by hand", as a person editing it in the browser would.
// Row numbers are 1-based, as the sheet shows them.
import { parseA1 } from './a1';
import {
  deleteRows,
  insertRows,
  newSheet,
  newSpreadsheetId,
  readRange,
  setRows,
  touch,
  type Cell,
  type Sheet,
  type Spreadsheet,
} from './store';

export interface NewSpreadsheet {
  title: string;
  /** Sheets in order, each with its rows (row 1 first). */
  sheets: Record<string, Cell[][]>;
  /** Default: the emulator's owner email. */
  owner?: string;
  sharedWith?: string[];
}

export interface SheetHelpers {
  createSpreadsheet(spec: NewSpreadsheet): string;
  /** Lets `email` (e.g. a service account's client_email) open the spreadsheet. */
  grantAccess(spreadsheetId: string, email: string): void;
  /** Adds rows after the last row that holds data. */
  appendRows(spreadsheetId: string, sheet: string, rows: Cell[][]): void;
  /** Inserts rows so the first of them becomes row `rowNumber`; rows below move down. */
  insertRows(spreadsheetId: string, sheet: string, rowNumber: number, rows: Cell[][]): void;
  deleteRows(spreadsheetId: string, sheet: string, rowNumber: number, count?: number): void;
  /** Sets one cell, e.g. editCell(id, 'Leads', 'B3', 'new value'). */
  editCell(spreadsheetId: string, sheet: string, cell: string, value: Cell): void;
  /** Replaces a whole row. */
  setRow(spreadsheetId: string, sheet: string, rowNumber: number, values: Cell[]): void;
  /** Replaces every row of a sheet. */
  setRows(spreadsheetId: string, sheet: string, rows: Cell[][]): void;
  /** The sheet's rows as stored, trailing empties trimmed. */
  rows(spreadsheetId: string, sheet: string): Cell[][];
}

export function createSheetHelpers(
  spreadsheets: Map<string, Spreadsheet>,
  ownerEmail: string,
  now: () => number = Date.now,
): SheetHelpers {
  /** The sheet a person is about to change: the spreadsheet's Drive version moves on. */
  const find = (spreadsheetId: string, title: string): Sheet => {
    const spreadsheet = spreadsheets.get(spreadsheetId);
    const sheet = spreadsheet?.sheets.find((s) => s.title === title);
    if (!spreadsheet || !sheet) throw new Error(`No sheet "${title}" in spreadsheet ${spreadsheetId}`);
    touch(spreadsheet, now());
    return sheet;
  };
  return {
    createSpreadsheet(spec) {
      const spreadsheetId = newSpreadsheetId();
      const entries = Object.entries(spec.sheets);
      const sheets = (entries.length > 0 ? entries : [['Sheet1', []] as [string, Cell[][]]]).map(([title, rows], index) =>
        newSheet(index === 0 ? 0 : 100000 + index * 7919, title, rows),
      );
      spreadsheets.set(spreadsheetId, {
        spreadsheetId,
        title: spec.title,
        owner: spec.owner ?? ownerEmail,
        sharedWith: new Set(spec.sharedWith ?? []),
        sheets,
        version: 1,
        modifiedTime: now(),
      });
      return spreadsheetId;
    },
    grantAccess(spreadsheetId, email) {
      const spreadsheet = spreadsheets.get(spreadsheetId);
      if (!spreadsheet) throw new Error(`No spreadsheet ${spreadsheetId}`);
      spreadsheet.sharedWith.add(email);
    },
    appendRows(spreadsheetId, title, rows) {
      const sheet = find(spreadsheetId, title);
      let end = sheet.rows.length;
      while (end > 0 && sheet.rows[end - 1].every((cell) => cell === null || cell === '')) end--;
      setRows(sheet, end, rows);
    },
    insertRows: (spreadsheetId, title, rowNumber, rows) => insertRows(find(spreadsheetId, title), rowNumber - 1, rows),
    deleteRows: (spreadsheetId, title, rowNumber, count = 1) => deleteRows(find(spreadsheetId, title), rowNumber - 1, count),
    editCell(spreadsheetId, title, cell, value) {
      const range = parseA1(cell, () => false);
      if (!range || range.sheet !== null) throw new Error(`Not a cell: ${cell}`);
      setRows(find(spreadsheetId, title), range.startRow, [[value]], range.startColumn);
    },
    setRow(spreadsheetId, title, rowNumber, values) {
      const sheet = find(spreadsheetId, title);
      setRows(sheet, rowNumber - 1, [values]);
      sheet.rows[rowNumber - 1].length = values.length;
    },
    setRows(spreadsheetId, title, rows) {
      const sheet = find(spreadsheetId, title);
      sheet.rows = [];
      setRows(sheet, 0, rows);
    },
    rows(spreadsheetId, title) {
      const sheet = spreadsheets.get(spreadsheetId)?.sheets.find((s) => s.title === title);
      if (!sheet) throw new Error(`No sheet "${title}" in spreadsheet ${spreadsheetId}`);
      return readRange({ sheet, startRow: 0, startColumn: 0, endRow: sheet.rowCount - 1, endColumn: sheet.columnCount - 1 });
    },
  };
}
