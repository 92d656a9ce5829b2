// Write-back for the new-row source: the destination's result for each sent row (the
// Stripe customer id, an invoice's URL) goes into a column of that row, one
// values.batchUpdate per group of items. The row is the one the item was read from in this
// run (`_row`); its key cell is checked first, so a row moved in between (rows inserted
// above) is looked up by its key instead of being written over.
import { ConnectorError, type ConnectorContext, type WriteBackItem } from '../sdk';
import type { GoogleSheetsCredentials } from './credentials';
import { googleClients } from './google-client';
import { headerNames, text, type SheetValue } from './rows/identity';
import { readRanges, sheetPrefix } from './requests';
import type { NewRowOptions } from './triggers/new-row';
import { readColumn, updateRows } from './writing/sheet-requests';

export async function writeBackRows(args: {
  credentials: GoogleSheetsCredentials;
  options: NewRowOptions;
  context: ConnectorContext;
  results: WriteBackItem[];
}): Promise<void> {
  const { options } = args;
  if (!options.writeBackColumn || args.results.length === 0) return;
  const where = {
    clients: googleClients(args.credentials, args.context),
    spreadsheetId: options.spreadsheetId,
    sheet: options.sheet,
    headerRow: options.headerRow ?? 1,
  };
  const keyColumn = options.keyColumn ?? '';
  const rowNumbers = args.results.map((result) => Number(result.item.data._row));
  // The header and each row's key cell in one request.
  const reply = await readRanges(where, [
    `${sheetPrefix(where.sheet)}${where.headerRow}:${where.headerRow}`,
    ...rowNumbers.map((row) => `${sheetPrefix(where.sheet)}${row}:${row}`),
  ]);
  const headers = headerNames(reply[0]?.[0] ?? []);
  const target = headers.indexOf(options.writeBackColumn);
  const keyIndex = headers.indexOf(keyColumn);
  if (target < 0 || keyIndex < 0) {
    const missing = target < 0 ? options.writeBackColumn : keyColumn;
    throw new ConnectorError('config', `Write-back: column "${missing}" is not in the header row of sheet "${where.sheet}".`);
  }
  let keyRows: Map<string, number> | null = null;
  const updates = [];
  for (const [index, result] of args.results.entries()) {
    const key = text(result.item.data[keyColumn] as SheetValue);
    let row: number | undefined = rowNumbers[index]!;
    if (text((reply[index + 1]?.[0] ?? [])[keyIndex] ?? '').trim() !== key) {
      if (!keyRows) {
        keyRows = new Map();
        (await readColumn(where, keyIndex)).forEach((cell, n) => {
          const value = text(cell).trim();
          if (value !== '' && !keyRows!.has(value)) keyRows!.set(value, where.headerRow + 1 + n);
        });
      }
      row = keyRows.get(key);
    }
    const value = options.writeBackValue === 'url' ? (result.url ?? null) : result.objectId;
    if (row === undefined || value === null) continue;
    const values: Array<string | null> = Array.from({ length: target + 1 }, () => null);
    values[target] = value;
    updates.push({ row, values });
  }
  await updateRows(where, updates, 'RAW');
}
