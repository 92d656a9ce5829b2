// The Google requests the Sheets source makes, each backed off briefly on Google's
// per-minute quota before a 429 goes to the engine. Every request also waits for the
// account's shared budget (context.beforeRequest, wired into the clients).
import { ConnectorError } from '../sdk';
import { toConnectorError, type ErrorScene } from './errors';
import type { GoogleClients } from './google-client';
import { Readable } from 'node:stream';
import { splitRanges, type RangePiece } from './range-stream';
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

function* drain(chunks: Array<Uint8Array | undefined>): Generator<Uint8Array> {
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    // Let go as soon as it is read: the rest of the answer waits, this part is garbage.
    chunks[i] = undefined;
    if (chunk) yield chunk;
  }
}

/**
 * Several ranges in one request (values.batchGet), as pieces of a few hundred rows parsed
 * one at a time (see range-stream.ts). `whileDownloading`: pieces come as the answer
 * arrives, for a caller that takes each at once (a scan that sends nothing meanwhile);
 * otherwise the answer is downloaded first, so a caller that sends items between pieces
 * never holds Google's connection open for minutes.
 */
export async function* readPieces(
  location: SheetLocation,
  ranges: string[],
  whileDownloading = false,
): AsyncGenerator<RangePiece> {
  const body = await withBackoff(location, async () => {
    const { data } = await location.clients.sheets.spreadsheets.values.batchGet(
      {
        spreadsheetId: location.spreadsheetId,
        ranges,
        valueRenderOption: 'FORMATTED_VALUE',
        majorDimension: 'ROWS',
        // Only the cells: the ranges and dimension echoed back are not needed.
        fields: 'valueRanges(values)',
      },
      { responseType: 'stream' },
    );
    const stream = data as unknown as Readable;
    if (whileDownloading) return stream;
    const received: Array<Uint8Array | undefined> = [];
    for await (const chunk of stream) received.push(chunk as Uint8Array);
    return drain(received);
  });
  try {
    yield* splitRanges(body, ranges.length);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectorError(
      'retryable',
      `Google's answer to a read was cut off or unreadable (${reason}); the next attempt reads again.`,
    );
  } finally {
    if (body instanceof Readable) body.destroy();
  }
}

/** The rows of each range: for small reads (a header, a few rows). */
export async function readRanges(location: SheetLocation, ranges: string[]): Promise<SheetValue[][][]> {
  const rows: SheetValue[][][] = ranges.map(() => []);
  for await (const piece of readPieces(location, ranges)) rows[piece.index].push(...piece.rows);
  return rows;
}

/** Rows `firstRow` to `lastRow` (1-based, inclusive), whole. */
export async function readRows(location: SheetLocation, firstRow: number, lastRow: number): Promise<SheetValue[][]> {
  return (await readRanges(location, [`${sheetPrefix(location.sheet)}${firstRow}:${lastRow}`]))[0] ?? [];
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
