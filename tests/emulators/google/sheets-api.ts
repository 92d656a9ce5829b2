// Sheets v4 routes: spreadsheets.get and the values collection (get, batchGet, append, update).
import { formatA1, parseA1 } from './a1';
import { applyFields } from './fields';
import { GoogleApiError, type Reply } from './http';
import { quotaMessage, type ReadQuota } from './quota';
import {
  endOfData,
  insertRows,
  readRange,
  setRows,
  toGridRange,
  touch,
  type Cell,
  type GridRange,
  type Sheet,
  type Spreadsheet,
} from './store';

export interface SheetsState {
  spreadsheets: Map<string, Spreadsheet>;
  quota: ReadQuota;
  now: () => number;
}

export interface SheetsRequest {
  method: string;
  spreadsheetId: string;
  /** Decoded range for the values routes; 'batchGet' marks values:batchGet; null = spreadsheets.get. */
  range: string | null;
  append: boolean;
  query: URLSearchParams;
  body: Record<string, unknown>;
  principal: string;
}

function open(state: SheetsState, request: SheetsRequest, isRead: boolean): Spreadsheet {
  if (isRead && !state.quota.take()) throw new GoogleApiError('RESOURCE_EXHAUSTED', quotaMessage);
  const spreadsheet = state.spreadsheets.get(request.spreadsheetId);
  if (!spreadsheet) throw new GoogleApiError('NOT_FOUND', 'Requested entity was not found.');
  if (spreadsheet.owner !== request.principal && !spreadsheet.sharedWith.has(request.principal)) {
    throw new GoogleApiError('PERMISSION_DENIED', 'The caller does not have permission');
  }
  return spreadsheet;
}

function resolve(spreadsheet: Spreadsheet, text: string): GridRange {
  const range = parseA1(text, (name) => spreadsheet.sheets.some((sheet) => sheet.title === name));
  const sheet = range && (range.sheet === null ? spreadsheet.sheets[0] : spreadsheet.sheets.find((s) => s.title === range.sheet));
  if (!range || !sheet) throw new GoogleApiError('INVALID_ARGUMENT', `Unable to parse range: ${text}`);
  return toGridRange(sheet, range);
}

function render(cell: Cell, option: string): Cell {
  if (option !== 'FORMATTED_VALUE') return cell;
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell ?? '';
}

function valueRange(range: GridRange, query: URLSearchParams): Record<string, unknown> {
  const option = query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
  let values = readRange(range).map((row) => row.map((cell) => render(cell, option)));
  const major = query.get('majorDimension') ?? 'ROWS';
  if (major === 'COLUMNS') {
    const width = Math.max(0, ...values.map((row) => row.length));
    values = Array.from({ length: width }, (_, c) => values.map((row) => row[c] ?? ''));
  }
  const a1 = formatA1(range.sheet.title, range.startRow, range.startColumn, range.endRow, range.endColumn);
  return values.length > 0 ? { range: a1, majorDimension: major, values } : { range: a1, majorDimension: major };
}

function sheetProperties(sheet: Sheet, index: number): Record<string, unknown> {
  return {
    properties: {
      sheetId: sheet.sheetId,
      title: sheet.title,
      index,
      sheetType: 'GRID',
      gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount },
    },
  };
}

function inputValues(body: Record<string, unknown>, query: URLSearchParams): Cell[][] {
  const option = query.get('valueInputOption');
  if (option !== 'RAW' && option !== 'USER_ENTERED') {
    throw new GoogleApiError('INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
  }
  const values = body.values;
  if (!Array.isArray(values) || !values.every(Array.isArray)) {
    throw new GoogleApiError('INVALID_ARGUMENT', 'Invalid values: expected a list of rows.');
  }
  return (values as unknown[][]).map((row) =>
    row.map((value): Cell => {
      if (value === null || value === undefined) return null;
      if (typeof value === 'number' || typeof value === 'boolean') return value;
      const text = String(value);
      if (option === 'RAW') return text;
      // USER_ENTERED parses what a person typing into the cell would get.
      if (text.startsWith("'")) return text.slice(1);
      if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
      if (/^(true|false)$/i.test(text.trim())) return text.trim().toUpperCase() === 'TRUE';
      return text;
    }),
  );
}

function write(range: GridRange, startRow: number, values: Cell[][], spreadsheetId: string): Record<string, unknown> {
  const width = Math.max(0, ...values.map((row) => row.length));
  const lastRow = startRow + Math.max(values.length, 1) - 1;
  return {
    spreadsheetId,
    updatedRange: formatA1(range.sheet.title, startRow, range.startColumn, lastRow, range.startColumn + Math.max(width, 1) - 1),
    updatedRows: values.length,
    updatedColumns: width,
    updatedCells: values.reduce((sum, row) => sum + row.length, 0),
  };
}

function append(spreadsheet: Spreadsheet, request: SheetsRequest): Reply {
  const range = resolve(spreadsheet, request.range ?? '');
  const values = inputValues(request.body, request.query);
  const sheet = range.sheet;
  const at = Math.max(range.startRow, endOfData(sheet, range.startColumn, sheet.columnCount - 1));
  if (request.query.get('insertDataOption') === 'INSERT_ROWS') {
    insertRows(
      sheet,
      at,
      values.map((row) => [...new Array<Cell>(range.startColumn).fill(null), ...row]),
    );
  } else {
    setRows(sheet, at, values, range.startColumn);
  }
  const body: Record<string, unknown> = {
    spreadsheetId: spreadsheet.spreadsheetId,
    updates: write(range, at, values, spreadsheet.spreadsheetId),
  };
  if (at > range.startRow) body.tableRange = formatA1(sheet.title, range.startRow, range.startColumn, at - 1, range.endColumn);
  return { status: 200, body };
}

export function handleSheets(state: SheetsState, request: SheetsRequest): Reply {
  const { method, query } = request;
  if (request.range === null && method === 'GET') {
    const spreadsheet = open(state, request, true);
    const body = {
      spreadsheetId: spreadsheet.spreadsheetId,
      properties: { title: spreadsheet.title, locale: 'en_US', timeZone: 'Etc/GMT', autoRecalc: 'ON_CHANGE' },
      sheets: spreadsheet.sheets.map(sheetProperties),
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
    };
    return { status: 200, body: applyFields(body, query.get('fields')) };
  }
  if (request.range === 'batchGet' && method === 'GET') {
    const spreadsheet = open(state, request, true);
    const valueRanges = query.getAll('ranges').map((text) => valueRange(resolve(spreadsheet, text), query));
    return { status: 200, body: applyFields({ spreadsheetId: spreadsheet.spreadsheetId, valueRanges }, query.get('fields')) };
  }
  if (request.range !== null && request.append && method === 'POST') {
    const spreadsheet = open(state, request, false);
    const reply = append(spreadsheet, request);
    touch(spreadsheet, state.now());
    return reply;
  }
  if (request.range !== null && method === 'GET') {
    const spreadsheet = open(state, request, true);
    return { status: 200, body: applyFields(valueRange(resolve(spreadsheet, request.range), query), query.get('fields')) };
  }
  if (request.range !== null && method === 'PUT') {
    const spreadsheet = open(state, request, false);
    const range = resolve(spreadsheet, request.range);
    const values = inputValues(request.body, query);
    setRows(range.sheet, range.startRow, values, range.startColumn);
    touch(spreadsheet, state.now());
    return { status: 200, body: write(range, range.startRow, values, spreadsheet.spreadsheetId) };
  }
  throw new GoogleApiError('NOT_FOUND', `Method not found: ${method}`);
}
