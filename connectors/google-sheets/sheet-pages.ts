// Reads a sheet in pages of rows so memory stays bounded on 100,000-row sheets, backing
// off briefly on Google's per-minute read quota before handing a 429 to the engine.
import { ConnectorError } from '../sdk';
import { toConnectorError, type ErrorScene } from './errors';
import type { GoogleClients } from './google-client';
import type { SheetValue } from './rows/identity';

// 2,000 rows a page keeps a 100,000-row read under 150 MB with 52 reads, inside Google's
// 60 reads a minute per user; the back-off below handles the rest.
export const PAGE_ROWS = 2000;
/** Delays before the 2nd and 3rd attempt; a 429 after that goes back to the engine. */
const BACKOFF_MS = [500, 2000];

export interface SheetLocation {
  clients: GoogleClients;
  spreadsheetId: string;
  sheet: string;
}

export interface RowPage {
  /** 1-based row number of rows[0]. */
  firstRow: number;
  rows: SheetValue[][];
}

/** What a read needs from a sheet: Google's over HTTP, or rows in memory in property tests. */
export interface SheetSource {
  /** The sheet's name, for messages. */
  readonly sheet: string;
  /** Pages from `firstRow` to the end of the grid, in order. */
  pages(firstRow: number): AsyncIterable<RowPage>;
  /** Rows `firstRow` to `lastRow` (1-based, inclusive); trailing empty rows may be left out. */
  rows(firstRow: number, lastRow: number): Promise<SheetValue[][]>;
}

function scene(location: SheetLocation): ErrorScene {
  return {
    spreadsheetId: location.spreadsheetId,
    sheet: location.sheet,
    serviceAccountEmail: location.clients.serviceAccountEmail,
  };
}

export async function withBackoff<T>(location: SheetLocation, call: () => Promise<T>, delays = BACKOFF_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = toConnectorError(error, scene(location));
      if (failure.kind !== 'retryable' || attempt >= delays.length) throw failure;
      const delay = delays[attempt] * (1 + Math.random() * 0.2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function a1(sheet: string, firstRow: number, lastRow: number): string {
  return `'${sheet.replace(/'/g, "''")}'!${firstRow}:${lastRow}`;
}

/** The sheet's last grid row; a clear error when the sheet is gone. */
export async function sheetRowCount(location: SheetLocation): Promise<number> {
  const { data } = await withBackoff(location, () =>
    location.clients.sheets.spreadsheets.get({
      spreadsheetId: location.spreadsheetId,
      fields: 'sheets.properties(title,gridProperties.rowCount)',
    }),
  );
  const sheet = data.sheets?.find((candidate) => candidate.properties?.title === location.sheet);
  if (!sheet) {
    throw new ConnectorError(
      'config',
      `Sheet "${location.sheet}" was not found in the spreadsheet: it may have been renamed or deleted. Pick the sheet again.`,
    );
  }
  return sheet.properties?.gridProperties?.rowCount ?? 0;
}

export async function readRows(location: SheetLocation, firstRow: number, lastRow: number): Promise<SheetValue[][]> {
  const { data } = await withBackoff(location, () =>
    location.clients.sheets.spreadsheets.values.get(
      {
        spreadsheetId: location.spreadsheetId,
        range: a1(location.sheet, firstRow, lastRow),
        valueRenderOption: 'FORMATTED_VALUE',
        majorDimension: 'ROWS',
        // Only the cells: the range and dimension echoed back are not needed.
        fields: 'values',
        // The body as text, parsed here: the client's own JSON handling keeps each page alive
        // longer, which on a 100,000-row read grows the heap by tens of megabytes.
      },
      { responseType: 'text' },
    ),
  );
  return ((JSON.parse(data as unknown as string) as { values?: SheetValue[][] }).values ?? []) as SheetValue[][];
}

/** Pages from `firstRow` to the end of the grid, in order. */
export async function* rowPages(
  location: SheetLocation,
  firstRow: number,
  rowCount: number,
  pageRows = PAGE_ROWS,
): AsyncGenerator<RowPage> {
  for (let start = firstRow; start <= rowCount; start += pageRows) {
    const rows = await readRows(location, start, Math.min(start + pageRows - 1, rowCount));
    yield { firstRow: start, rows };
  }
}

/** The sheet at `location`, read through the Sheets API. */
export function googleSheet(location: SheetLocation, pageRows = PAGE_ROWS): SheetSource {
  return {
    sheet: location.sheet,
    async *pages(firstRow) {
      yield* rowPages(location, firstRow, await sheetRowCount(location), pageRows);
    },
    rows: (firstRow, lastRow) => readRows(location, firstRow, lastRow),
  };
}
