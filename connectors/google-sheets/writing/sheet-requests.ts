// The Google requests that write to a destination sheet. A 429 (Google applied nothing)
// is backed off briefly here; any other failure goes straight back to the engine, because
// repeating a write whose fate is unknown (a 500, a dropped connection) could add a row
// twice: the engine retries it as "uncertain", and the marker column settles it.
import { ConnectorError } from '../../sdk';
import { toConnectorError, type ErrorScene } from '../errors';
import { columnLetters, type SheetValue } from '../rows/identity';
import { readRows, sheetPrefix, withBackoff, type SheetLocation } from '../requests';

export interface DestinationSheet extends SheetLocation {
  headerRow: number;
}

export type ValueInput = 'USER_ENTERED' | 'RAW';
export type RowValues = Array<string | null>;

/** Delays before the 2nd and 3rd attempt of a write Google refused for quota. */
const QUOTA_BACKOFF_MS = [1000, 4000];
/** Google advises keeping a request under 2 MB; larger batches go in several appends. */
const MAX_BODY_BYTES = 2_000_000;

function scene(where: SheetLocation): ErrorScene {
  return {
    spreadsheetId: where.spreadsheetId,
    sheet: where.sheet,
    serviceAccountEmail: where.clients.serviceAccountEmail,
    writing: true,
  };
}

async function write<T>(where: SheetLocation, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = toConnectorError(error, scene(where));
      if (failure.details.statusCode !== 429 || attempt >= QUOTA_BACKOFF_MS.length) throw failure;
      await new Promise((resolve) => setTimeout(resolve, QUOTA_BACKOFF_MS[attempt]! * (1 + Math.random() * 0.2)));
    }
  }
}

export async function readHeader(where: DestinationSheet): Promise<SheetValue[]> {
  return (await readRows(where, where.headerRow, where.headerRow))[0] ?? [];
}

/** The cells of one column under the header, top to bottom (trailing empties left out). */
export async function readColumn(where: DestinationSheet, column: number): Promise<SheetValue[]> {
  const letter = columnLetters(column);
  const { data } = await withBackoff(where, () =>
    where.clients.sheets.spreadsheets.values.get({
      spreadsheetId: where.spreadsheetId,
      range: `${sheetPrefix(where.sheet)}${letter}${where.headerRow + 1}:${letter}`,
      majorDimension: 'COLUMNS',
      valueRenderOption: 'FORMATTED_VALUE',
      fields: 'values',
    }),
  );
  return (data.values?.[0] ?? []) as SheetValue[];
}

/** Rows in pieces whose request bodies stay under Google's advised size. */
function pieces(rows: RowValues[]): RowValues[][] {
  const out: RowValues[][] = [];
  let current: RowValues[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length > 0 && bytes + size > MAX_BODY_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function firstRowOf(updatedRange: string | null | undefined): number {
  const match = /!\$?[A-Z]+\$?(\d+)/.exec(updatedRange ?? '');
  if (!match)
    throw new ConnectorError('retryable', `Google Sheets answered the append without saying where it wrote (${updatedRange}).`);
  return Number(match[1]);
}

/**
 * Appends rows under the table that starts at the header row, columns `firstColumn` to
 * `lastColumn`, new rows inserted so nothing below is written over. Returns the sheet row
 * number of each row.
 */
export async function appendRows(
  where: DestinationSheet,
  rows: RowValues[],
  span: { firstColumn: number; lastColumn: number },
  valueInput: ValueInput,
): Promise<number[]> {
  const range =
    `${sheetPrefix(where.sheet)}${columnLetters(span.firstColumn)}${where.headerRow}:` +
    `${columnLetters(span.lastColumn)}${where.headerRow}`;
  const numbers: number[] = [];
  for (const piece of pieces(rows.map((row) => row.slice(span.firstColumn)))) {
    const { data } = await write(where, () =>
      where.clients.sheets.spreadsheets.values.append({
        spreadsheetId: where.spreadsheetId,
        range,
        valueInputOption: valueInput,
        insertDataOption: 'INSERT_ROWS',
        includeValuesInResponse: false,
        fields: 'updates(updatedRange)',
        requestBody: { majorDimension: 'ROWS', values: piece },
      }),
    );
    const first = firstRowOf(data.updates?.updatedRange);
    piece.forEach((_, index) => numbers.push(first + index));
  }
  return numbers;
}

export interface CellsUpdate {
  /** 1-based sheet row. */
  row: number;
  /** Values from column A; null leaves a cell as it is. */
  values: RowValues;
}

/** Several rows' cells in one values.batchUpdate. */
export async function updateRows(where: DestinationSheet, updates: CellsUpdate[], valueInput: ValueInput): Promise<void> {
  if (updates.length === 0) return;
  await write(where, () =>
    where.clients.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: where.spreadsheetId,
      fields: 'totalUpdatedCells',
      requestBody: {
        valueInputOption: valueInput,
        data: updates.map((update) => ({
          range: `${sheetPrefix(where.sheet)}A${update.row}`,
          majorDimension: 'ROWS',
          values: [update.values],
        })),
      },
    }),
  );
}

/**
 * Puts the marker column's header at `column` and hides the column, in one request (so a
 * crash cannot leave it half made), adding a column to the grid first when it is full.
 */
export async function addMarkerColumn(where: DestinationSheet, column: number, header: string): Promise<void> {
  const { data } = await withBackoff(where, () =>
    where.clients.sheets.spreadsheets.get({
      spreadsheetId: where.spreadsheetId,
      fields: 'sheets.properties(sheetId,title,gridProperties.columnCount)',
    }),
  );
  const properties = data.sheets?.find((sheet) => sheet.properties?.title === where.sheet)?.properties;
  if (!properties) {
    throw new ConnectorError(
      'config',
      `Sheet "${where.sheet}" was not found in the spreadsheet: it may have been renamed or deleted. Pick the sheet again.`,
    );
  }
  const sheetId = properties.sheetId ?? 0;
  const columnCount = properties.gridProperties?.columnCount ?? 0;
  const requests: object[] = [];
  if (column >= columnCount)
    requests.push({ appendDimension: { sheetId, dimension: 'COLUMNS', length: column + 1 - columnCount } });
  requests.push(
    {
      updateCells: {
        start: { sheetId, rowIndex: where.headerRow - 1, columnIndex: column },
        rows: [{ values: [{ userEnteredValue: { stringValue: header } }] }],
        fields: 'userEnteredValue',
      },
    },
    {
      updateDimensionProperties: {
        range: { sheetId, dimension: 'COLUMNS', startIndex: column, endIndex: column + 1 },
        properties: { hiddenByUser: true },
        fields: 'hiddenByUser',
      },
    },
  );
  await write(where, () =>
    where.clients.sheets.spreadsheets.batchUpdate({ spreadsheetId: where.spreadsheetId, requestBody: { requests } }),
  );
}
