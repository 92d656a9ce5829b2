// spreadsheets.batchUpdate, for the requests a destination sheet needs: adding columns to
// the grid (appendDimension), setting cells (updateCells with userEnteredValue) and hiding
// columns (updateDimensionProperties hiddenByUser). As Google does, every request is
// checked against the grid as the earlier ones leave it before any is applied: one bad
// request fails the batch and changes nothing.
import { GoogleApiError, type Reply } from './http';
import type { Cell, Sheet, Spreadsheet } from './store';
import { setFormat } from './user-entered';

type Request = Record<string, unknown>;
type Change = () => void;

interface Grid {
  rows: number;
  columns: number;
}

interface ExtendedValue {
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
}

function fail(index: number, message: string): never {
  throw new GoogleApiError('INVALID_ARGUMENT', `Invalid requests[${index}]: ${message}`);
}

function sheetOf(spreadsheet: Spreadsheet, sheetId: unknown, index: number): Sheet {
  const sheet = spreadsheet.sheets.find((candidate) => candidate.sheetId === (sheetId ?? 0));
  return sheet ?? fail(index, `No grid with id: ${String(sheetId)}`);
}

function appendDimension(sheet: Sheet, grid: Grid, request: Request, index: number): Change {
  const { dimension, length } = request as { dimension?: string; length?: number };
  if (typeof length !== 'number' || length < 1) fail(index, 'appendDimension.length must be at least 1');
  if (dimension === 'COLUMNS') grid.columns += length;
  else if (dimension === 'ROWS') grid.rows += length;
  else fail(index, 'appendDimension.dimension must be ROWS or COLUMNS');
  return () => {
    if (dimension === 'COLUMNS') sheet.columnCount += length;
    else sheet.rowCount += length;
  };
}

function updateCells(sheet: Sheet, grid: Grid, request: Request, index: number): Change {
  const { start, rows, fields } = request as {
    start?: { rowIndex?: number; columnIndex?: number };
    rows?: Array<{ values?: Array<{ userEnteredValue?: ExtendedValue }> }>;
    fields?: string;
  };
  if (fields !== 'userEnteredValue') fail(index, 'only updateCells with fields "userEnteredValue" is supported by this emulator');
  const row = start?.rowIndex ?? 0;
  const column = start?.columnIndex ?? 0;
  const values: Cell[][] = (rows ?? []).map((entry) =>
    (entry.values ?? []).map(
      ({ userEnteredValue: value }) => value?.stringValue ?? value?.numberValue ?? value?.boolValue ?? null,
    ),
  );
  const lastColumn = column + Math.max(0, ...values.map((cells) => cells.length)) - 1;
  if (row + values.length > grid.rows || lastColumn >= grid.columns) {
    fail(index, `updateCells: Range exceeds grid limits. Max rows: ${grid.rows}, max columns: ${grid.columns}`);
  }
  return () => {
    while (sheet.rows.length < row + values.length) sheet.rows.push([]);
    values.forEach((cells, offset) => {
      const target = sheet.rows[row + offset]!;
      cells.forEach((cell, i) => {
        while (target.length < column + i) target.push(null);
        target[column + i] = cell;
        setFormat(target, column + i, undefined);
      });
    });
  };
}

function hideColumns(sheet: Sheet, grid: Grid, request: Request, index: number): Change {
  const { range, properties, fields } = request as {
    range?: { dimension?: string; startIndex?: number; endIndex?: number };
    properties?: { hiddenByUser?: boolean };
    fields?: string;
  };
  if (range?.dimension !== 'COLUMNS' || fields !== 'hiddenByUser') {
    fail(index, 'only hiding or showing columns (hiddenByUser) is supported by this emulator');
  }
  const startIndex = range.startIndex ?? 0;
  const endIndex = range.endIndex ?? grid.columns;
  if (endIndex > grid.columns) fail(index, `updateDimensionProperties: column ${endIndex} is past the grid (${grid.columns})`);
  return () => {
    const hidden = (sheet.hiddenColumns ??= new Set());
    for (let column = startIndex; column < endIndex; column++) {
      if (properties?.hiddenByUser === true) hidden.add(column);
      else hidden.delete(column);
    }
  };
}

const kinds = { appendDimension, updateCells, updateDimensionProperties: hideColumns };

export function batchUpdate(spreadsheet: Spreadsheet, body: Record<string, unknown>): Reply {
  const requests = Array.isArray(body.requests) ? (body.requests as Request[]) : [];
  const grids = new Map<Sheet, Grid>();
  const changes = requests.map((request, index) => {
    const kind = Object.keys(request)[0] ?? 'an empty request';
    const handler = kinds[kind as keyof typeof kinds];
    if (!handler) fail(index, `${kind} is not supported by this emulator`);
    const detail = request[kind] as Request;
    const target = detail.range as Request | undefined;
    const start = detail.start as Request | undefined;
    const sheet = sheetOf(spreadsheet, detail.sheetId ?? target?.sheetId ?? start?.sheetId, index);
    const grid = grids.get(sheet) ?? { rows: sheet.rowCount, columns: sheet.columnCount };
    grids.set(sheet, grid);
    return handler(sheet, grid, detail, index);
  });
  for (const change of changes) change();
  return { status: 200, body: { spreadsheetId: spreadsheet.spreadsheetId, replies: requests.map(() => ({})) } };
}
