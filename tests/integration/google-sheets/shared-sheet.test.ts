// Several connections may write to one sheet. They share its one hidden "Tributary key"
// column (each row's marker is derived from its connection, so markers never collide), and
// a writer whose view of the header is older than another's never makes a second one.
import type { BatchItem, ConnectorContext, JsonObject } from '../../../connectors/sdk';
import { destinationSheet, headerInputs } from '../../../connectors/google-sheets/writing/destination';
import { columnsOf } from '../../../connectors/google-sheets/writing/columns';
import { RowWriter } from '../../../connectors/google-sheets/writing/row-writer';
import { idempotencyKey } from '../../../engine/runner/idempotency';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';

let google: GoogleEmulator;
beforeAll(async () => {
  google = await startGoogleEmulator();
});
afterAll(async () => {
  await google.close();
});

const OPTIONS = { valueInput: 'USER_ENTERED' as const, allowFormulas: false };

function sheetOf(key: ReturnType<GoogleEmulator['createServiceAccount']>) {
  const spreadsheetId = google.createSpreadsheet({
    title: 'Sales',
    sheets: { Charges: [['Email', 'Amount']] },
    sharedWith: [key.client_email],
  });
  const credentials = { serviceAccountKey: JSON.stringify(key) };
  const context: ConnectorContext = { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: google.url };
  const options = { spreadsheetId, sheet: 'Charges' };
  return {
    spreadsheetId,
    where: destinationSheet(credentials, options, context),
    /** The inputs as a run reads them when it starts. */
    inputs: () => headerInputs.load({ credentials, options, context }),
  };
}

function items(connectionId: string, emails: string[], uncertain = false): BatchItem[] {
  return emails.map((email) => ({
    key: email,
    input: { Email: email, Amount: '12.50' } as JsonObject,
    idempotencyKey: (step: string) => idempotencyKey(connectionId, email, step),
    emptyInputs: [],
    uncertain,
  }));
}

test('a run that read the header before another connection made the key column shares that column, and a new column stays', async () => {
  const sheet = sheetOf(google.createServiceAccount());
  const staleInputs = await sheet.inputs();
  // Meanwhile a person adds a column, and another connection's run adds the first rows.
  google.editCell(sheet.spreadsheetId, 'Charges', 'C1', 'Note');
  await new RowWriter(sheet.where, await sheet.inputs(), OPTIONS).add(items('connection-a', ['ann@example.com']));

  await new RowWriter(sheet.where, staleInputs, OPTIONS).add(items('connection-b', ['bob@example.com']));

  const rows = google.rows(sheet.spreadsheetId, 'Charges');
  expect(rows[0]).toEqual(['Email', 'Amount', 'Note', 'Tributary key']);
  expect(rows.slice(1).map((row) => row[0])).toEqual(['ann@example.com', 'bob@example.com']);
  const markers = rows.slice(1).map((row) => row[3]);
  expect(new Set(markers).size).toBe(2);
  expect(markers.every((marker) => typeof marker === 'string' && marker.startsWith('trb_'))).toBe(true);
});

test('after a lost answer each connection finds only its own rows in the shared column', async () => {
  const sheet = sheetOf(google.createServiceAccount());
  await new RowWriter(sheet.where, await sheet.inputs(), OPTIONS).add(items('connection-a', ['ann@example.com']));

  // Connection B sends the same source item; its outcome is unknown, as after a crash.
  const outcomes = await new RowWriter(sheet.where, await sheet.inputs(), OPTIONS).add(
    items('connection-b', ['ann@example.com'], true),
  );

  expect(outcomes.map((outcome) => ('summary' in outcome ? outcome.summary : outcome))).toEqual([
    'Added row 3 of sheet "Charges"',
  ]);
  expect(google.rows(sheet.spreadsheetId, 'Charges').map((row) => row[0])).toEqual([
    'Email',
    'ann@example.com',
    'ann@example.com',
  ]);
});

test('a second "Tributary key" header is not offered as a field to fill in', () => {
  expect(columnsOf(['Email', 'Tributary key', 'Amount', 'Tributary key'])).toEqual({
    names: ['Email', null, 'Amount', null],
    markerColumn: 1,
  });
});
