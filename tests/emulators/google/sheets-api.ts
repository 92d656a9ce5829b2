// Sheets v4 reads: spreadsheets.get and the values collection (get, batchGet). Writes are
// in sheets-write.ts.
import { formatA1, parseA1 } from './a1';
import { applyFields } from './fields';
import { GoogleApiError, type Reply } from './http';
import { readQuotaMessage, writeQuotaMessage, type MinuteQuota } from './quota';
import { readRange, toGridRange, type Cell, type GridRange, type Sheet, type Spreadsheet } from './store';
import { formatNumber, formatOf } from './user-entered';

export interface SheetsState {
  spreadsheets: Map<string, Spreadsheet>;
  quota: MinuteQuota;
  writeQuota: MinuteQuota;
  now: () => number;
}

export interface SheetsRequest {
  method: string;
  spreadsheetId: string;
  /**
   * Decoded range for the values routes; 'batchGet' and 'batchUpdate' mark values:batchGet
   * and values:batchUpdate; null = the spreadsheet itself (get, or :batchUpdate when POST).
   */
  range: string | null;
  append: boolean;
  query: URLSearchParams;
  body: Record<string, unknown>;
  principal: string;
}

export function open(state: SheetsState, request: SheetsRequest, isRead: boolean): Spreadsheet {
  if (isRead && !state.quota.take()) throw new GoogleApiError('RESOURCE_EXHAUSTED', readQuotaMessage);
  if (!isRead && !state.writeQuota.take()) throw new GoogleApiError('RESOURCE_EXHAUSTED', writeQuotaMessage);
  const spreadsheet = state.spreadsheets.get(request.spreadsheetId);
  if (!spreadsheet) throw new GoogleApiError('NOT_FOUND', 'Requested entity was not found.');
  if (spreadsheet.owner !== request.principal && !spreadsheet.sharedWith.has(request.principal)) {
    throw new GoogleApiError('PERMISSION_DENIED', 'The caller does not have permission');
  }
  return spreadsheet;
}

export function resolve(spreadsheet: Spreadsheet, text: string): GridRange {
  const range = parseA1(text, (name) => spreadsheet.sheets.some((sheet) => sheet.title === name));
  const sheet = range && (range.sheet === null ? spreadsheet.sheets[0] : spreadsheet.sheets.find((s) => s.title === range.sheet));
  if (!range || !sheet) throw new GoogleApiError('INVALID_ARGUMENT', `Unable to parse range: ${text}`);
  return toGridRange(sheet, range);
}

/** A cell as a reader sees it: FORMATTED_VALUE shows numbers through the cell's number format. */
function render(row: Cell[], column: number, option: string): Cell {
  const cell = row[column] ?? '';
  if (option !== 'FORMATTED_VALUE') return cell;
  if (typeof cell === 'number') return formatNumber(cell, formatOf(row, column));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell ?? '';
}

function valueRange(range: GridRange, query: URLSearchParams): Record<string, unknown> {
  const option = query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
  let values = readRange(range, (row, column) => render(row, column, option));
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
  if (request.range !== null && method === 'GET') {
    const spreadsheet = open(state, request, true);
    return { status: 200, body: applyFields(valueRange(resolve(spreadsheet, request.range), query), query.get('fields')) };
  }
  throw new GoogleApiError('NOT_FOUND', `Method not found: ${method}`);
}
