// The Google requests the Sheets source makes, each backed off briefly on Google's
// per-minute quota before a 429 goes to the engine. Every request also waits for the
// account's shared budget (context.beforeRequest, wired into the clients).
import { ConnectorError } from '../sdk';
import { toConnectorError, type ErrorScene } from './errors';
import type { GoogleClients } from './google-client';
import type { SheetValue } from './rows/identity';

/** Delays before the 2nd and 3rd attempt; a 429 after that goes back to the engine. */
const BACKOFF_MS = [500, 2000];

export interface SheetLocation {
  clients: GoogleClients;
  spreadsheetId: string;
  sheet: string;
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

/** "'My sheet'!" with quotes doubled, the prefix of every range on the sheet. */
export function sheetPrefix(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'!`;
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

/** A values.batchGet response: its size, and each range's rows, parsed only when asked for. */
export interface RangesReply {
  bytes: number;
  /** The rows of range `index` (trailing empty rows left out). */
  rows(index: number): SheetValue[][];
}

/**
 * Where each element of the response's `valueRanges` array starts and ends in its text:
 * found by one pass that tracks strings and nesting, so each range can be parsed alone.
 */
function rangeBounds(text: string): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92)
        i++; // a backslash: the next character is escaped
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      depth++;
      if (depth === 3) start = i; // { valueRanges: [ { ... } ] }
    } else if (code === 125 || code === 93) {
      if (depth === 3) bounds.push([start, i + 1]);
      depth--;
    }
  }
  return bounds;
}

/**
 * Several ranges in one request (values.batchGet). The body is taken as text and each
 * range parsed on its own when asked for: a 4 MB response never becomes all its rows at
 * once, so memory holds the text and one range's rows.
 */
export async function readRanges(location: SheetLocation, ranges: string[]): Promise<RangesReply> {
  const { data } = await withBackoff(location, () =>
    location.clients.sheets.spreadsheets.values.batchGet(
      {
        spreadsheetId: location.spreadsheetId,
        ranges,
        valueRenderOption: 'FORMATTED_VALUE',
        majorDimension: 'ROWS',
        // Only the cells: the ranges and dimension echoed back are not needed.
        fields: 'valueRanges(values)',
      },
      { responseType: 'text' },
    ),
  );
  const text = data as unknown as string;
  const bounds = rangeBounds(text);
  return {
    bytes: text.length,
    rows: (index) => {
      const at = bounds[index];
      return at ? ((JSON.parse(text.slice(at[0], at[1])) as { values?: SheetValue[][] }).values ?? []) : [];
    },
  };
}

/** Rows `firstRow` to `lastRow` (1-based, inclusive), whole. */
export async function readRows(location: SheetLocation, firstRow: number, lastRow: number): Promise<SheetValue[][]> {
  return (await readRanges(location, [`${sheetPrefix(location.sheet)}${firstRow}:${lastRow}`])).rows(0);
}

/**
 * Drive's version of the spreadsheet: it changes with every change to the file, so an
 * unchanged version means nothing to read. null when Drive will not say (the Drive API
 * switched off for the project, a file Drive cannot see): the sheet is then read anyway,
 * and the Sheets API explains any real problem.
 */
export async function fileVersion(location: SheetLocation): Promise<string | null> {
  try {
    const { data } = await withBackoff(location, () =>
      location.clients.drive.files.get({ fileId: location.spreadsheetId, fields: 'version', supportsAllDrives: true }),
    );
    return typeof data.version === 'string' && data.version !== '' ? data.version : null;
  } catch (error) {
    const failure = toConnectorError(error, scene(location));
    if (failure.kind === 'config') return null;
    throw failure;
  }
}
