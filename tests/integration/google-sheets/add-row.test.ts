// Webhook payloads -> Google Sheets "add row", through the real runner, Postgres and the
// Google emulator: rows land under the header, in batches, exactly once.
import type { JsonObject } from '../../../connectors/sdk';
import { noteAttempts } from '../../../engine/runner/attempts';
import type { Cell } from '../../emulators/google';
import { itemsOf, runOnce } from '../runner/harness';
import { sheetsHarness } from '../runner/sheet-connection';
import { sheetDestination as addRows } from './sheet-destination';

const env = sheetsHarness();
const header = ['Date', 'Email', 'Amount', 'Currency'];
const mapping = { Email: '{{email}}', Amount: '{{amount}}', Currency: '{{currency}}', Date: '{{date}}' };

function charges(count: number, from = 1): JsonObject[] {
  return Array.from({ length: count }, (_, index) => ({
    email: `buyer${from + index}@example.com`,
    amount: index % 2 === 0 ? '12.50' : '1000',
    currency: index % 2 === 0 ? 'usd' : 'jpy',
    date: '2024-01-31',
  }));
}

const sheetDestination = (
  rows: Cell[][],
  payloads: JsonObject[],
  options: JsonObject = {},
  map: Record<string, string> = mapping,
) => addRows(env, { action: 'add-row', rows, payloads, options, mapping: map });

const appends = () => env.google.requests.filter((r) => r.method === 'POST' && r.path.endsWith(':append'));
const emailsIn = (rows: Cell[][]) => rows.slice(1).map((row) => row[1]);

test('every payload becomes one row under the header, typed as a person would type it, and the run log names its row', async () => {
  const { connectionId, spreadsheetId } = await sheetDestination([header], charges(3));

  const run = await runOnce(env.h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 3, items_failed: 0 });
  const rows = env.google.rows(spreadsheetId, 'Charges');
  expect(rows.map((row) => row.slice(0, 4))).toEqual([
    header,
    [expect.any(Number), 'buyer1@example.com', 12.5, 'usd'],
    [expect.any(Number), 'buyer2@example.com', 1000, 'jpy'],
    [expect.any(Number), 'buyer3@example.com', 12.5, 'usd'],
  ]);
  // The marker column is right of the header, hidden, and holds one marker per row.
  expect(rows[0]![4]).toBe('Tributary key');
  expect(env.google.hiddenColumns(spreadsheetId, 'Charges')).toEqual([4]);
  expect(new Set(rows.slice(1).map((row) => row[4])).size).toBe(3);
  const items = await itemsOf(env.h, run.id);
  expect(items.map((item) => item.destination_object_id)).toEqual(['Charges!A2', 'Charges!A3', 'Charges!A4']);
  expect(items[0]!.result?.summary).toBe('Added row 2 of sheet "Charges"');
  expect(appends()).toHaveLength(1);
});

test('RAW stores values exactly as sent, and a value starting with "=" is text unless formulas are allowed', async () => {
  const payloads = [{ email: '=HYPERLINK("x")', amount: '0012', currency: 'usd', date: '2024-01-31' }];
  const { connectionId, spreadsheetId } = await sheetDestination([header], payloads, { valueInput: 'RAW' });

  await runOnce(env.h, connectionId);

  expect(env.google.rows(spreadsheetId, 'Charges')[1]!.slice(0, 4)).toEqual(['2024-01-31', '=HYPERLINK("x")', '0012', 'usd']);
});

test('1,200 payloads go in 3 appends, below the rows already there, and a second run adds nothing', async () => {
  const existing = [header, ['2024-01-01', 'old@example.com', 5, 'eur']];
  const { connectionId, spreadsheetId } = await sheetDestination(existing, charges(1200));

  const first = await runOnce(env.h, connectionId);
  const second = await runOnce(env.h, connectionId);

  expect(first).toMatchObject({ status: 'succeeded', items_sent: 1200 });
  expect(second).toMatchObject({ status: 'succeeded', items_sent: 0 });
  const rows = env.google.rows(spreadsheetId, 'Charges');
  expect(rows).toHaveLength(1202);
  expect(emailsIn(rows)).toEqual(['old@example.com', ...charges(1200).map((payload) => payload.email)]);
  expect(appends()).toHaveLength(3);
});

test('a write refused for quota (429) is backed off and sent again: every row once', async () => {
  const { connectionId, spreadsheetId } = await sheetDestination([header], charges(4));
  env.google.failNextWrites(1);

  const run = await runOnce(env.h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 4 });
  expect(emailsIn(env.google.rows(spreadsheetId, 'Charges'))).toEqual(charges(4).map((payload) => payload.email));
});

test('when Google applied an append but its answer was lost, the retry finds the rows by their markers: none added twice', async () => {
  const { connectionId, spreadsheetId } = await sheetDestination([header], charges(5));
  let dropped = false;
  env.google.setWriteHook((entry) => {
    if (!dropped && entry.path.endsWith(':append')) {
      dropped = true;
      throw new Error('the answer is lost');
    }
  });

  const run = await runOnce(env.h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 5, items_failed: 0 });
  expect(emailsIn(env.google.rows(spreadsheetId, 'Charges'))).toEqual(charges(5).map((payload) => payload.email));
  expect(appends()).toHaveLength(1);
  const items = await itemsOf(env.h, run.id);
  expect(items.map((item) => item.result?.summary)).toEqual(
    [2, 3, 4, 5, 6].map((row) => `Already in row ${row} of sheet "Charges" (added by an attempt whose answer was lost)`),
  );
});

test('rows a killed worker appended without recording them are found by their markers when a later run sends them', async () => {
  const { connectionId, spreadsheetId } = await sheetDestination([header], charges(3));
  await runOnce(env.h, connectionId);
  // What a worker killed right after Google's answer leaves (its run given up after too
  // many takeovers): rows in the sheet, the items noted as attempted, nothing recorded.
  const db = env.h.database.db;
  await db('ledger').where({ connection_id: connectionId }).del();
  await db('run_items').where({ connection_id: connectionId }).del();
  await db('webhook_inbox').where({ connection_id: connectionId }).update({ processed_at: null, run_id: null });
  const keys = (await db('webhook_inbox').where({ connection_id: connectionId }).select('delivery_key')).map(
    (row: { delivery_key: string }) => `delivery:${row.delivery_key}`,
  );
  await noteAttempts(db, connectionId, keys);

  // A plain manual run, not a takeover or a retry: the items' own records make it look first.
  const later = await runOnce(env.h, connectionId);

  expect(later).toMatchObject({ status: 'succeeded', items_sent: 3 });
  expect(emailsIn(env.google.rows(spreadsheetId, 'Charges'))).toEqual(charges(3).map((payload) => payload.email));
  expect(appends()).toHaveLength(1);
});

test('a header row with no names fails the run with what to do, and nothing is lost', async () => {
  const { connectionId, spreadsheetId } = await sheetDestination([[]], charges(2), {}, { Email: '{{email}}' });

  const run = await runOnce(env.h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error?.message).toMatch(/Row 1 of sheet "Charges" has no column names/);
  expect(env.google.rows(spreadsheetId, 'Charges').filter((row) => row.length > 0)).toEqual([]);
  expect(await env.h.database.db('webhook_inbox').whereNull('processed_at').count('* as n')).toEqual([{ n: 2 }]);
});

test('a mapping target that is not a column of the sheet fails the run naming the columns there are', async () => {
  const { connectionId } = await sheetDestination([header], charges(1), {}, { 'E-mail': '{{email}}' });

  const run = await runOnce(env.h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error?.message).toContain('has no input named "E-mail"; known inputs: Date, Email, Amount, Currency');
});
