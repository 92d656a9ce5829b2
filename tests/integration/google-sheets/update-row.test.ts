// Webhook payloads -> Google Sheets "update row", through the real runner, Postgres and the
// Google emulator: rows found by a key column, read once per run, updated in one request.
import type { JsonObject } from '../../../connectors/sdk';
import type { Cell } from '../../emulators/google';
import { itemsOf, runOnce } from '../runner/harness';
import { sheetsHarness } from '../runner/sheet-connection';
import { insertDeliveries } from '../../support/fixtures';
import { sheetDestination } from './sheet-destination';

const env = sheetsHarness();
const sheet: Cell[][] = [
  ['Email', 'Plan', 'Stripe customer', 'Note'],
  ['ann@example.com', 'basic', '', 'keep me'],
  ['bob@example.com', 'basic'],
  ['cy@example.com', 'pro', '', 'vip'],
];
const mapping = { Email: '{{email}}', Plan: '{{plan}}', 'Stripe customer': '{{customer}}' };

const updates = (payloads: JsonObject[], options: JsonObject = {}) =>
  sheetDestination(env, { action: 'update-row', rows: sheet, payloads, mapping, options: { keyColumn: 'Email', ...options } });
const requests = (method: string, suffix: string) =>
  env.google.requests.filter((r) => r.method === method && r.path.includes(suffix)).length;

test('the row whose key matches gets the mapped cells; cells not mapped keep their value; one read and one write for the run', async () => {
  const { connectionId, spreadsheetId } = await updates([
    { email: 'cy@example.com', plan: 'team', customer: 'cus_C' },
    { email: 'ann@example.com', plan: 'pro', customer: 'cus_A' },
  ]);
  env.google.requests.length = 0;

  const run = await runOnce(env.h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 2 });
  expect(env.google.rows(spreadsheetId, 'Charges')).toEqual([
    sheet[0],
    ['ann@example.com', 'pro', 'cus_A', 'keep me'],
    ['bob@example.com', 'basic'],
    ['cy@example.com', 'team', 'cus_C', 'vip'],
  ]);
  const items = await itemsOf(env.h, run.id);
  expect(items.map((item) => item.result?.summary)).toEqual([
    'Updated row 4 of sheet "Charges"',
    'Updated row 2 of sheet "Charges"',
  ]);
  // The header (inputs) and the key column: two reads, whatever the number of items; one batchUpdate.
  expect(requests('GET', '/values')).toBe(2);
  expect(requests('POST', 'values:batchUpdate')).toBe(1);
  expect(requests('POST', ':append')).toBe(0);
});

test('an item whose key no row has is skipped with the reason, and nothing is added', async () => {
  const { connectionId, spreadsheetId } = await updates([{ email: 'zoe@example.com', plan: 'pro', customer: 'cus_Z' }]);

  const run = await runOnce(env.h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 0, items_skipped: 1 });
  const [item] = await itemsOf(env.h, run.id);
  expect(item!.result?.summary).toBe('No row of sheet "Charges" has Email "zoe@example.com"; nothing changed');
  expect(env.google.rows(spreadsheetId, 'Charges')).toEqual(sheet);
});

test('with "add when not found", a new key adds one row (twice in one run: added once, then updated)', async () => {
  const { connectionId, spreadsheetId } = await updates(
    [
      { email: 'zoe@example.com', plan: 'basic', customer: 'cus_Z' },
      { email: 'bob@example.com', plan: 'pro', customer: 'cus_B' },
      { email: 'zoe@example.com', plan: 'team', customer: 'cus_Z' },
    ],
    { whenNotFound: 'add' },
  );

  const run = await runOnce(env.h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 3 });
  const rows = env.google.rows(spreadsheetId, 'Charges');
  expect(rows.slice(1).map((row) => row.slice(0, 3))).toEqual([
    ['ann@example.com', 'basic', ''],
    ['bob@example.com', 'pro', 'cus_B'],
    ['cy@example.com', 'pro', ''],
    ['zoe@example.com', 'team', 'cus_Z'],
  ]);
});

test('a key column that is not in the header fails the run with what to do', async () => {
  const { connectionId } = await updates([{ email: 'ann@example.com', plan: 'pro', customer: 'x' }], { keyColumn: 'E-mail' });

  const run = await runOnce(env.h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error?.message).toContain('The key column "E-mail" is not in the header row of sheet "Charges"');
});

test('a key such as "0012" is written as text, so the next run finds its row instead of adding another', async () => {
  const accounts = [['Account', 'Plan']];
  const first = await sheetDestination(env, {
    action: 'update-row',
    rows: accounts,
    payloads: [{ account: '0012', plan: 'basic' }],
    mapping: { Account: '{{account}}', Plan: '{{plan}}' },
    options: { keyColumn: 'Account', whenNotFound: 'add' },
  });
  expect(await runOnce(env.h, first.connectionId)).toMatchObject({ status: 'succeeded', items_sent: 1 });

  await insertDeliveries(env.h.database.db, first.connectionId, [{ account: '0012', plan: 'pro' }], 'second-run');
  expect(await runOnce(env.h, first.connectionId)).toMatchObject({ status: 'succeeded', items_sent: 1 });

  const rows = env.google.rows(first.spreadsheetId, 'Charges');
  expect(rows.slice(1).map((row) => row.slice(0, 2))).toEqual([['0012', 'pro']]);
});
