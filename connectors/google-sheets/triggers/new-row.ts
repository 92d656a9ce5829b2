// Trigger `new-row`: every row added to a sheet since the last run, identified by its key
// column or its content (never its position).
//
// What counts as new:
// - With a key column: a row whose key value was not in the sheet last time. Editing other
//   cells never resends; changing the key itself makes it a new row. Rows with an empty
//   key cell wait until it is filled in.
// - Without a key column: a row whose content was not in the sheet last time, unless it
//   stands where a vanished row stood (same neighbours) and keeps at least half of that
//   row's leading cells: then it is an edit and is not resent, as a Zapier user expects.
//   An identical copy of an existing row is new (it is the 2nd occurrence).
// - Rows inserted above, deleted rows, sorting and blank rows in between never resend.
import type { ConnectorContext, PollingTrigger, SourceItem } from '../../sdk';
import type { GoogleSheetsCredentials } from '../credentials';
import { sheetChoices, headerChoices, spreadsheetChoices } from '../dynamic-options';
import { googleClients } from '../google-client';
import { readHeaders, readNewRows, SheetScan, type ReadSettings } from '../read-new-rows';
import { readCursor, RowList } from '../rows/cursor';
import { headerNames, isBlankRow, itemKey, rowData, RowIdentifier } from '../rows/identity';
import { readRows, sheetRowCount, type SheetLocation } from '../sheet-pages';

export interface NewRowOptions {
  spreadsheetId: string;
  sheet: string;
  headerRow?: number;
  keyColumn?: string;
  startFrom?: 'now' | 'beginning';
}

function location(credentials: GoogleSheetsCredentials, options: NewRowOptions, context: ConnectorContext): SheetLocation {
  return { clients: googleClients(credentials, context), spreadsheetId: options.spreadsheetId, sheet: options.sheet };
}

function settings(options: NewRowOptions): ReadSettings {
  return { headerRow: options.headerRow ?? 1, keyColumn: options.keyColumn?.trim() ? options.keyColumn : null };
}

async function recentRows(args: {
  credentials: GoogleSheetsCredentials;
  options: NewRowOptions;
  limit: number;
  context: ConnectorContext;
}): Promise<SourceItem[]> {
  const where = location(args.credentials, args.options, args.context);
  const { headerRow, keyColumn } = settings(args.options);
  const rowCount = await sheetRowCount(where);
  const headers = headerNames((await readRows(where, headerRow, headerRow))[0] ?? []);
  const identifier = new RowIdentifier(
    headers,
    keyColumn === null || !headers.includes(keyColumn) ? null : headers.indexOf(keyColumn),
  );
  const items: SourceItem[] = [];
  const span = Math.max(args.limit * 5, 100);
  // Walk up from the bottom of the grid; occurrence numbers here only tell duplicates apart.
  for (let last = rowCount; last > headerRow && items.length < args.limit; last -= span) {
    const first = Math.max(headerRow + 1, last - span + 1);
    const rows = await readRows(where, first, last);
    for (let offset = rows.length - 1; offset >= 0 && items.length < args.limit; offset--) {
      if (isBlankRow(rows[offset], headers.length)) continue;
      const mark = identifier.identify(rows[offset], first + offset);
      if (mark) items.push({ key: itemKey(mark), data: rowData(headers, rows[offset], mark.rowNumber) });
    }
  }
  return items;
}

export const newRow: PollingTrigger<NewRowOptions, GoogleSheetsCredentials> = {
  kind: 'polling',
  name: 'new-row',
  displayName: 'New row',
  description: 'Runs for every row added to a Google Sheet, wherever it is inserted. Edits and deletions are not sent.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spreadsheetId', 'sheet'],
    properties: {
      spreadsheetId: { type: 'string', minLength: 1, title: 'Spreadsheet' },
      sheet: { type: 'string', minLength: 1, title: 'Sheet' },
      headerRow: {
        type: 'integer',
        minimum: 1,
        default: 1,
        title: 'Header row',
        description: 'The row holding the column names.',
      },
      keyColumn: {
        type: 'string',
        title: 'Key column (optional)',
        description:
          'A column whose value is unique per row (an id or an email). Without one, rows are recognised by their content.',
      },
      startFrom: {
        type: 'string',
        enum: ['now', 'beginning'],
        default: 'now',
        title: 'When first turned on',
        description: '"now": only rows added from now on. "beginning": also the rows already in the sheet.',
      },
    },
  },
  dynamicOptions: {
    spreadsheetId: { dependsOn: [], load: spreadsheetChoices },
    sheet: { dependsOn: ['spreadsheetId'], load: sheetChoices },
    keyColumn: { dependsOn: ['spreadsheetId', 'sheet'], load: headerChoices },
  },
  sampleData: [
    { Email: 'ann@example.com', 'First name': 'Ann', 'Last name': 'Lee', Plan: 'pro', Amount: '49.00', _row: 2 },
    { Email: 'bob@example.com', 'First name': 'Bob', 'Last name': 'Ray', Plan: 'basic', Amount: '19.00', _row: 3 },
  ],

  async startCursor({ credentials, options, from, context }) {
    const where = location(credentials, options, context);
    if (from === 'beginning') {
      // Nothing counts as seen yet; the header row is still checked and remembered.
      const wanted = settings(options);
      return { v: 1, headers: await readHeaders(where, wanted), keyColumn: wanted.keyColumn, seen: '' };
    }
    const scan = new SheetScan(where, settings(options), null);
    for await (const page of scan.pages()) void page;
    return scan.cursor();
  },

  async *read({ credentials, options, cursor, context }) {
    const where = location(credentials, options, context);
    const wanted = settings(options);
    const previous = readCursor(cursor);
    if (previous && previous.keyColumn !== wanted.keyColumn) {
      // Identities made another way cannot be compared: take the sheet as it is now as seen.
      context.log?.('warn', 'The key column changed; rows already in the sheet are treated as seen.', { sheet: options.sheet });
      const scan = new SheetScan(where, wanted, null);
      for await (const page of scan.pages()) void page;
      yield { items: [], cursor: scan.cursor() };
      return;
    }
    yield* readNewRows(where, wanted, previous ? { headers: previous.headers, seen: RowList.unpack(previous.seen) } : null);
  },

  recent: recentRows,
};
