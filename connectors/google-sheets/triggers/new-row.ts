// Trigger `new-row`: every row added to a sheet since the last run, identified by its key
// column or its content (never its position). The rules, as the wizard's help states them:
//
// - With a key column, a row is new when its key was never in the sheet before. Editing
//   other cells never resends; changing the key makes it a new row. A second row with a
//   key the sheet already has is not sent; the run log lists it once. Rows with an empty
//   key cell wait until it is filled in.
// - Without a key column, a row is new when its content was never in the sheet before. A
//   changed row is not sent when it stands where a row that is now gone stood (between
//   the same neighbouring rows) and more than half of its filled-in cells (of the first
//   16 columns) are unchanged: it looks like an edit. The run log lists it as "Not sent:
//   looks like an edit of row N", with a button to send it. An identical copy of a row is
//   new (its 2nd occurrence).
// - Rows inserted above, deleted rows, sorting and blank rows in between never resend, nor
//   does a row deleted and put back.
import { ConnectorError, type ConnectorContext, type PollingTrigger, type SourceItem } from '../../sdk';
import { writeBackRows } from '../write-back';
import type { GoogleSheetsCredentials } from '../credentials';
import { columnChoices, headerChoices, sheetChoices, spreadsheetChoices } from '../dynamic-options';
import { googleClients } from '../google-client';
import { readHeaders, readNewRows, startCursor, type ReadSettings } from '../read-new-rows';
import { readCursor } from '../rows/cursor';
import { headerNames, isBlankRow, itemKey, rowData, RowIdentifier } from '../rows/identity';
import { RowList } from '../rows/row-list';
import { googleSheet } from '../google-sheet';
import { readRanges, sheetPrefix, sheetRowCount, type SheetLocation } from '../requests';

export interface NewRowOptions {
  spreadsheetId: string;
  sheet: string;
  headerRow?: number;
  keyColumn?: string;
  startFrom?: 'now' | 'beginning';
  /** A column of the row that receives the destination's result (see write-back.ts). */
  writeBackColumn?: string;
  writeBackValue?: 'id' | 'url';
}

function location(credentials: GoogleSheetsCredentials, options: NewRowOptions, context: ConnectorContext): SheetLocation {
  return { clients: googleClients(credentials, context), spreadsheetId: options.spreadsheetId, sheet: options.sheet };
}

function settings(options: NewRowOptions): ReadSettings {
  return { headerRow: options.headerRow ?? 1, keyColumn: options.keyColumn?.trim() ? options.keyColumn : null };
}

/** Rows in the first block a preview reads up from the bottom of the grid. */
const RECENT_FIRST_SPAN = 1000;

async function recentRows(args: {
  credentials: GoogleSheetsCredentials;
  options: NewRowOptions;
  limit: number;
  context: ConnectorContext;
}): Promise<SourceItem[]> {
  const where = location(args.credentials, args.options, args.context);
  const { headerRow, keyColumn } = settings(args.options);
  const rowCount = await sheetRowCount(where);
  const prefix = sheetPrefix(where.sheet);
  const block = (from: number, last: number) => `${prefix}${from}:${last}`;
  // Walk up from the bottom of the grid; occurrence numbers here only tell duplicates apart.
  // A new sheet's grid has 1,000 rows and its data sits at the top: blank rows cost nothing
  // to read (Google leaves them out of the answer), so blocks start large and double while
  // going up, and the header comes with the first. A preview then costs 2 of the account's
  // 60 reads a minute instead of one per 100 grid rows.
  let span = Math.max(args.limit * 5, RECENT_FIRST_SPAN);
  let from = Math.max(headerRow + 1, rowCount - span + 1);
  const hasRows = rowCount > headerRow;
  const reply = await readRanges(where, [block(headerRow, headerRow), ...(hasRows ? [block(from, rowCount)] : [])]);
  const headers = headerNames(reply[0]?.[0] ?? []);
  const identifier = new RowIdentifier(
    headers,
    keyColumn === null || !headers.includes(keyColumn) ? null : headers.indexOf(keyColumn),
  );
  const items: SourceItem[] = [];
  const marks = new RowList(0);
  let rows = hasRows ? (reply[1] ?? []) : [];
  for (;;) {
    for (let offset = rows.length - 1; offset >= 0 && items.length < args.limit; offset--) {
      if (isBlankRow(rows[offset], headers.length)) continue;
      const mark = identifier.identify(rows[offset], from + offset, marks);
      if (mark) items.push({ key: itemKey(mark), data: rowData(headers, rows[offset], mark.rowNumber) });
    }
    const last = from - 1;
    if (last <= headerRow || items.length >= args.limit) break;
    span *= 2;
    from = Math.max(headerRow + 1, last - span + 1);
    rows = (await readRanges(where, [block(from, last)]))[0] ?? [];
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
          'A column whose value is different on every row (an email, an id, an order number). With one, a row is new when ' +
          'its key was never in the sheet before: editing its other cells never sends it again, changing the key makes it ' +
          'a new row, and a second row with a key already there is not sent (the run log lists it). Without one, rows are ' +
          'known by their content: a row changed where it stands, with more than half of its filled-in cells (of the ' +
          'first 16 columns) unchanged, is taken for an edit and not sent: the run log lists it as "Not sent: looks like ' +
          'an edit of row N" with a Send it button. Any other changed row is sent as a new one.',
      },
      writeBackColumn: {
        type: 'string',
        title: 'Write the result back to column (optional)',
        description:
          "After an item is sent, the destination's result (the Stripe customer id, the row added) is written into this " +
          'column of the row it came from. Needs a key column, so the written cell never makes the row look new.',
      },
      writeBackValue: {
        type: 'string',
        enum: ['id', 'url'],
        default: 'id',
        title: 'Result to write back',
        description: '"id": the id of what the destination made (cus_...). "url": its link (a payment link, an invoice page).',
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
  // A changed key column keeps the cursor: the next read compares rows the old way once.
  cursorOptions: ['spreadsheetId', 'sheet', 'headerRow'],
  dynamicOptions: {
    spreadsheetId: { dependsOn: [], load: spreadsheetChoices },
    sheet: { dependsOn: ['spreadsheetId'], load: sheetChoices },
    keyColumn: { dependsOn: ['spreadsheetId', 'sheet'], load: headerChoices },
    writeBackColumn: { dependsOn: ['spreadsheetId', 'sheet'], load: columnChoices },
  },
  sampleData: [
    { Email: 'ann@example.com', 'First name': 'Ann', 'Last name': 'Lee', Plan: 'pro', Amount: '49.00', _row: 2 },
    { Email: 'bob@example.com', 'First name': 'Bob', 'Last name': 'Ray', Plan: 'basic', Amount: '19.00', _row: 3 },
  ],

  startCursor: ({ credentials, options, from, context }) =>
    startCursor(googleSheet(location(credentials, options, context)), settings(options), from),

  async *read({ credentials, options, cursor, context }) {
    if (options.writeBackColumn?.trim() && !options.keyColumn?.trim()) {
      throw new ConnectorError(
        'config',
        `Write-back needs a key column: writing into column "${options.writeBackColumn}" changes the row, and ` +
          'without a key the changed row would look like a new one. Choose a key column (an email, an id).',
      );
    }
    const sheet = googleSheet(location(credentials, options, context));
    const wanted = settings(options);
    const previous = readCursor(cursor);
    if (previous?.keyColumn && previous.keyColumn !== wanted.keyColumn) {
      const headers = await readHeaders(sheet, { ...wanted, keyColumn: null });
      if (!headers.includes(previous.keyColumn)) {
        // The old key column is gone, so rows cannot be compared the old way: the sheet as it is now counts as seen.
        context.log?.('warn', 'The key column changed and the old one is gone; rows already in the sheet are treated as seen.', {
          sheet: options.sheet,
        });
        yield { items: [], cursor: await startCursor(sheet, wanted, 'now') };
        return;
      }
    }
    yield* readNewRows(sheet, wanted, previous);
  },

  recent: recentRows,
  writeBack: {
    enabled: (options) => Boolean(options.writeBackColumn?.trim()),
    write: writeBackRows,
  },
};
