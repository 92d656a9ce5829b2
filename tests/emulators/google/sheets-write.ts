// Sheets v4 writes: values.append, values.update, values.batchUpdate and
// spreadsheets.batchUpdate (batch-update.ts). Each counts against the per-minute write quota.
//
// Append finds the "table" the way Sheets describes it: the first row with data at or
// below the range's first row, then every row under it up to the first blank one; the new
// rows go right after it, from the table's first column. INSERT_ROWS pushes whatever is
// below down; OVERWRITE writes over it. A null in `values` leaves its cell as it is.
import { columnLetters, formatA1 } from './a1';
import { GoogleApiError, type Reply } from './http';
import { open, resolve, type SheetsRequest, type SheetsState } from './sheets-api';
import { insertRows, isEmptyCell, touch, type GridRange, type Sheet, type Spreadsheet } from './store';
import { setFormat, userEntered, type EnteredValue } from './user-entered';
import { batchUpdate } from './batch-update';

/** Writing past the grid's last row or column is refused, as Google does (append adds rows itself). */
function checkGrid(sheet: Sheet, lastRow: number, lastColumn: number, text: string): void {
  if (lastRow >= sheet.rowCount || lastColumn >= sheet.columnCount) {
    throw new GoogleApiError(
      'INVALID_ARGUMENT',
      `Range (${text}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
}

/** A value as given in a request; null and undefined leave the cell alone. */
type Input = EnteredValue | null;

function inputOption(value: unknown): 'RAW' | 'USER_ENTERED' {
  if (value !== 'RAW' && value !== 'USER_ENTERED') {
    throw new GoogleApiError('INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
  }
  return value;
}

function inputValues(values: unknown, option: 'RAW' | 'USER_ENTERED', majorDimension: unknown): Input[][] {
  if (!Array.isArray(values) || !values.every(Array.isArray)) {
    throw new GoogleApiError('INVALID_ARGUMENT', 'Invalid values: expected a list of rows.');
  }
  let rows = values as unknown[][];
  if (majorDimension === 'COLUMNS') {
    const height = Math.max(0, ...rows.map((column) => column.length));
    rows = Array.from({ length: height }, (_, r) => rows.map((column) => column[r]));
  }
  return rows.map((row) =>
    row.map((value): Input => {
      if (value === null || value === undefined) return null;
      if (typeof value === 'number' || typeof value === 'boolean') return { value };
      if (typeof value !== 'string') {
        throw new GoogleApiError(
          'INVALID_ARGUMENT',
          `Invalid value at 'data.values' (${JSON.stringify(value)}): expected a string, number or boolean.`,
        );
      }
      return option === 'RAW' ? { value } : userEntered(value);
    }),
  );
}

/** Writes rows of inputs at (row, column), growing the grid as needed; nulls skip their cell. */
function put(sheet: Sheet, row: number, column: number, rows: Input[][]): void {
  while (sheet.rows.length < row + rows.length) sheet.rows.push([]);
  rows.forEach((values, offset) => {
    const target = sheet.rows[row + offset];
    values.forEach((input, i) => {
      if (input === null) return;
      while (target.length < column + i) target.push(null);
      target[column + i] = input.value;
      setFormat(target, column + i, input.format);
    });
    if (row + offset + 1 > sheet.rowCount) sheet.rowCount = row + offset + 1;
    if (column + values.length > sheet.columnCount) sheet.columnCount = column + values.length;
  });
}

function width(rows: Input[][]): number {
  return Math.max(0, ...rows.map((row) => row.length));
}

function updateReply(spreadsheetId: string, sheet: Sheet, row: number, column: number, rows: Input[][]) {
  const columns = width(rows);
  return {
    spreadsheetId,
    updatedRange: formatA1(sheet.title, row, column, row + Math.max(rows.length, 1) - 1, column + Math.max(columns, 1) - 1),
    updatedRows: rows.filter((values) => values.some((input) => input !== null)).length,
    updatedColumns: columns,
    updatedCells: rows.reduce((sum, values) => sum + values.filter((input) => input !== null).length, 0),
  };
}

function rowHasData(sheet: Sheet, row: number, firstColumn: number, lastColumn: number): boolean {
  const cells = sheet.rows[row];
  if (!cells) return false;
  for (let c = firstColumn; c <= Math.min(lastColumn, cells.length - 1); c++) if (!isEmptyCell(cells[c])) return true;
  return false;
}

/** The table an append adds to: its rows and first/last columns, or null when the range is empty. */
function findTable(range: GridRange): { startRow: number; endRow: number; startColumn: number; endColumn: number } | null {
  const { sheet, startColumn, endColumn } = range;
  let start = range.startRow;
  const lastRow = sheet.rows.length - 1;
  while (start <= Math.min(range.endRow, lastRow) && !rowHasData(sheet, start, startColumn, endColumn)) start++;
  if (start > Math.min(range.endRow, lastRow)) return null;
  let end = start;
  while (end + 1 <= lastRow && rowHasData(sheet, end + 1, startColumn, endColumn)) end++;
  let first = Number.POSITIVE_INFINITY;
  let last = startColumn;
  for (let r = start; r <= end; r++) {
    const cells = sheet.rows[r];
    for (let c = startColumn; c <= Math.min(endColumn, cells.length - 1); c++) {
      if (isEmptyCell(cells[c])) continue;
      first = Math.min(first, c);
      last = Math.max(last, c);
    }
  }
  return { startRow: start, endRow: end, startColumn: first, endColumn: last };
}

function append(spreadsheet: Spreadsheet, request: SheetsRequest): Reply {
  const range = resolve(spreadsheet, request.range ?? '');
  const option = inputOption(request.query.get('valueInputOption'));
  const rows = inputValues(request.body.values, option, request.body.majorDimension);
  const table = findTable(range);
  const at = table ? table.endRow + 1 : range.startRow;
  const column = table ? table.startColumn : range.startColumn;
  checkGrid(range.sheet, 0, column + width(rows) - 1, request.range ?? '');
  if (request.query.get('insertDataOption') === 'INSERT_ROWS') {
    // New rows for the data: what was below moves down, and the grid grows either way.
    if (at < range.sheet.rows.length)
      insertRows(
        range.sheet,
        at,
        rows.map(() => []),
      );
    else range.sheet.rowCount += rows.length;
  }
  put(range.sheet, at, column, rows);
  const body: Record<string, unknown> = {
    spreadsheetId: spreadsheet.spreadsheetId,
    updates: updateReply(spreadsheet.spreadsheetId, range.sheet, at, column, rows),
  };
  if (table) {
    body.tableRange = formatA1(range.sheet.title, table.startRow, table.startColumn, table.endRow, table.endColumn);
  }
  return { status: 200, body };
}

/**
 * values.update and each range of values.batchUpdate: the values start at the range's
 * top-left cell; a range of one cell is only a starting point, a larger one a bound.
 */
function update(spreadsheet: Spreadsheet, text: string, rows: Input[][]) {
  const range = resolve(spreadsheet, text);
  const bounded = (text.includes('!') ? text.slice(text.lastIndexOf('!') + 1) : text).includes(':');
  const lastRow = range.startRow + rows.length - 1;
  const lastColumn = range.startColumn + width(rows) - 1;
  if (bounded && lastRow > range.endRow && range.endRow !== range.sheet.rowCount - 1) {
    throw new GoogleApiError(
      'INVALID_ARGUMENT',
      `Requested writing within range [${text}], but tried writing to row [${lastRow + 1}]`,
    );
  }
  if (bounded && lastColumn > range.endColumn && range.endColumn !== range.sheet.columnCount - 1) {
    throw new GoogleApiError(
      'INVALID_ARGUMENT',
      `Requested writing within range [${text}], but tried writing to column [${columnLetters(lastColumn)}]`,
    );
  }
  checkGrid(range.sheet, lastRow, lastColumn, text);
  put(range.sheet, range.startRow, range.startColumn, rows);
  return updateReply(spreadsheet.spreadsheetId, range.sheet, range.startRow, range.startColumn, rows);
}

function batchUpdateValues(spreadsheet: Spreadsheet, body: Record<string, unknown>): Reply {
  const option = inputOption(body.valueInputOption);
  const data = body.data;
  if (!Array.isArray(data))
    throw new GoogleApiError('INVALID_ARGUMENT', "Invalid JSON payload: 'data' must be a list of ranges.");
  // Checked whole before anything is written: a bad range fails the request and changes nothing.
  const writes = data.map((entry: Record<string, unknown>) => {
    resolve(spreadsheet, String(entry.range ?? ''));
    return { range: String(entry.range), rows: inputValues(entry.values, option, entry.majorDimension) };
  });
  const responses = writes.map((write) => update(spreadsheet, write.range, write.rows));
  const sheets = new Set(writes.map((write) => resolve(spreadsheet, write.range).sheet.sheetId));
  return {
    status: 200,
    body: {
      spreadsheetId: spreadsheet.spreadsheetId,
      totalUpdatedRows: responses.reduce((sum, reply) => sum + reply.updatedRows, 0),
      totalUpdatedColumns: responses.reduce((sum, reply) => sum + reply.updatedColumns, 0),
      totalUpdatedCells: responses.reduce((sum, reply) => sum + reply.updatedCells, 0),
      totalUpdatedSheets: sheets.size,
      responses,
    },
  };
}

export function handleWrites(state: SheetsState, request: SheetsRequest): Reply {
  const spreadsheet = open(state, request, false);
  const reply = applyWrite(spreadsheet, request);
  touch(spreadsheet, state.now());
  return reply;
}

function applyWrite(spreadsheet: Spreadsheet, request: SheetsRequest): Reply {
  const { method, range, body } = request;
  if (method === 'POST' && range === null) return batchUpdate(spreadsheet, body);
  if (method === 'POST' && range === 'batchUpdate') return batchUpdateValues(spreadsheet, body);
  if (method === 'POST' && range !== null && request.append) return append(spreadsheet, request);
  if (method === 'PUT' && range !== null) {
    const option = inputOption(request.query.get('valueInputOption'));
    return { status: 200, body: update(spreadsheet, range, inputValues(body.values, option, body.majorDimension)) };
  }
  throw new GoogleApiError('NOT_FOUND', `Method not found: ${method}`);
}
