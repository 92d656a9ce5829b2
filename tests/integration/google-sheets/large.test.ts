import type { ConnectorContext } from '../../../connectors/sdk';
import { newRow, type NewRowOptions } from '../../../connectors/google-sheets/triggers/new-row';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';

let emulator: GoogleEmulator;
let context: ConnectorContext;
let credentials: { serviceAccountKey: string };
let options: NewRowOptions;

const ROWS = 100_000;

beforeAll(async () => {
  emulator = await startGoogleEmulator();
  context = { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: emulator.url };
  const key = emulator.createServiceAccount();
  credentials = { serviceAccountKey: JSON.stringify(key) };
  const rows = Array.from({ length: ROWS }, (_, i) => [`person${i}@example.com`, `Person ${i}`, String(i % 7)]);
  const spreadsheetId = emulator.createSpreadsheet({
    title: 'Big',
    sheets: { Leads: [['Email', 'Name', 'Group'], ...rows] },
    sharedWith: [key.client_email],
  });
  options = { spreadsheetId, sheet: 'Leads' };
});
afterAll(() => emulator.close());

/** Requests to the Sheets and Drive APIs (token requests are not API quota). */
function apiCalls(): string[] {
  return emulator.requests
    .filter((request) => request.path.startsWith('/v4/') || request.path.startsWith('/drive/'))
    .map((request) => `${request.method} ${request.path.replace(options.spreadsheetId, 'ID')}`);
}

test('on a 100,000-row sheet, rows inserted in the middle and at the end are found reading the sheet in pages', async () => {
  const cursor = await newRow.startCursor({ credentials, options, from: 'now', context });
  emulator.insertRows(options.spreadsheetId, 'Leads', 50_000, [['middle@example.com', 'Mid', '1']]);
  emulator.appendRows(options.spreadsheetId, 'Leads', [['last@example.com', 'Last', '2']]);
  emulator.requests.length = 0;
  const found: string[] = [];
  let next: unknown;
  for await (const batch of newRow.read({ credentials, options, cursor, context })) {
    found.push(...batch.items.map((item) => String(item.data.Email)));
    next = batch.cursor ?? next;
  }
  expect(found).toEqual(['middle@example.com', 'last@example.com']);
  // Drive's version, then the 100,003 rows in two batchGet requests of a few MB: nothing read twice.
  expect(apiCalls()).toEqual([
    'GET /drive/v3/files/ID',
    'GET /v4/spreadsheets/ID/values:batchGet',
    'GET /v4/spreadsheets/ID/values:batchGet',
  ]);
  // Per row: 8-byte identity, 4-byte row number, 8 bytes for each of the 3 compared cells, in base64.
  expect(Buffer.byteLength(JSON.stringify(next))).toBeLessThan(((100_002 * 36) / 3) * 4 + 1000);
});

test('starting from the beginning of a 100,000-row sheet yields every row once, page by page', async () => {
  const cursor = await newRow.startCursor({ credentials, options, from: 'beginning', context });
  const keys = new Set<string>();
  let batches = 0;
  for await (const batch of newRow.read({ credentials, options, cursor, context })) {
    batches++;
    for (const item of batch.items) keys.add(item.key);
  }
  expect(keys.size).toBe(ROWS + 2);
  expect(batches).toBeGreaterThan(20);
});

async function read(readOptions: NewRowOptions, cursor: unknown) {
  const batches = [];
  for await (const batch of newRow.read({ credentials, options: readOptions, cursor, context })) batches.push(batch);
  return batches;
}

test('with a key column, a poll after 100 new rows reads Drive, the key column in one request, then only those rows', async () => {
  const keyed = { ...options, keyColumn: 'Email' };
  const cursor = await newRow.startCursor({ credentials, options: keyed, from: 'now', context });
  emulator.insertRows(options.spreadsheetId, 'Leads', 20_000, [['inserted@example.com', 'In', '1']]);
  emulator.appendRows(
    options.spreadsheetId,
    'Leads',
    Array.from({ length: 99 }, (_, i) => [`new${i}@example.com`, 'New', '2']),
  );
  emulator.requests.length = 0;

  const batches = await read(keyed, cursor);

  expect(batches.flatMap((batch) => batch.items.map((item) => item.key))).toEqual([
    'inserted@example.com',
    ...Array.from({ length: 99 }, (_, i) => `new${i}@example.com`),
  ]);
  expect(apiCalls()).toEqual([
    'GET /drive/v3/files/ID',
    'GET /v4/spreadsheets/ID/values:batchGet',
    'GET /v4/spreadsheets/ID/values:batchGet',
  ]);
});

test('an unchanged 100,000-row sheet costs one request, and the cursor stays as it is', async () => {
  const cursor = await newRow.startCursor({ credentials, options, from: 'now', context });
  emulator.requests.length = 0;
  expect(await read(options, cursor)).toEqual([]);
  expect(apiCalls()).toEqual(['GET /drive/v3/files/ID']);
});
