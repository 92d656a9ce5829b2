// The new-row trigger against the Google emulator, for its test files: hooks that start,
// reset and close the emulator, a sheet of leads shared with the reader's service account,
// and reads that gather every batch the way the engine does.
import type { ConnectorContext, SourceItem } from '../../../connectors/sdk';
import { newRow, type NewRowOptions } from '../../../connectors/google-sheets/triggers/new-row';
import type { GoogleSheetsCredentials } from '../../../connectors/google-sheets';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';

export const header = ['Email', 'Name', 'Plan'];
export const ann = ['ann@example.com', 'Ann Lee', 'pro'];
export const bob = ['bob@example.com', 'Bob Ray', 'basic'];
export const cy = ['cy@example.com', 'Cy Fox', 'pro'];
export const dee = ['dee@example.com', 'Dee Poe', 'basic'];

export const emails = (items: SourceItem[]) => items.map((item) => item.data.Email);

export interface NewRowReader {
  /** Set once the tests start (beforeAll). */
  emulator: GoogleEmulator;
  context: ConnectorContext;
  credentials: GoogleSheetsCredentials;
  /** The service account's address, which the sheets are shared with. */
  email: string;
  /** A spreadsheet whose sheet "Leads" holds the header row and `rows`. */
  sheetWith(rows: string[][]): NewRowOptions;
  /** Every batch of one read; the cursor stays as it was when the read yields none. */
  read(options: NewRowOptions, cursor: unknown): Promise<{ items: SourceItem[]; cursor: unknown }>;
  start(options: NewRowOptions, from?: 'now' | 'beginning'): Promise<unknown>;
}

export function useNewRowReader(): NewRowReader {
  const reader = {
    sheetWith(rows: string[][]): NewRowOptions {
      const spreadsheetId = reader.emulator.createSpreadsheet({
        title: 'CRM',
        sheets: { Leads: [header, ...rows] },
        sharedWith: [reader.email],
      });
      return { spreadsheetId, sheet: 'Leads' };
    },
    async read(options: NewRowOptions, cursor: unknown) {
      const items: SourceItem[] = [];
      let next: unknown;
      const { credentials, context } = reader;
      for await (const batch of newRow.read({ credentials, options, cursor, context })) {
        items.push(...batch.items);
        if (batch.cursor !== undefined) next = batch.cursor;
      }
      // No cursor when nothing changed: the engine keeps the one it has.
      return { items, cursor: next ?? cursor };
    },
    start: (options: NewRowOptions, from: 'now' | 'beginning' = 'now') =>
      newRow.startCursor({ credentials: reader.credentials, options, from, context: reader.context }),
  } as NewRowReader;
  beforeAll(async () => {
    reader.emulator = await startGoogleEmulator();
    reader.context = { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: reader.emulator.url };
    const key = reader.emulator.createServiceAccount('sheets-reader');
    reader.email = key.client_email;
    reader.credentials = { serviceAccountKey: JSON.stringify(key) };
  });
  afterAll(() => reader.emulator.close());
  beforeEach(() => reader.emulator.reset());
  return reader;
}
