import { PAGE_ROWS } from '../../../connectors/google-sheets/sheet-pages';
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

function sheetReads(): number {
  return emulator.requests.filter((request) => request.path.startsWith('/v4/')).length;
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
  // One spreadsheets.get, then 100,003 rows in pages, and nothing read twice.
  expect(sheetReads()).toBe(1 + Math.ceil(100_003 / PAGE_ROWS));
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
