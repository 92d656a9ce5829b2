// Issue 10, item 1: new rows that take the place of deleted ones reach Stripe, with and
// without a key column. Each case is one a tester met with the sheet open in a browser.
import type { Cell } from '../../emulators/google';
import { runOnce } from './harness';
import { customerEmails, sheetConnection, sheetsHarness } from './sheet-connection';

const env = sheetsHarness();

const header = ['Email', 'Name', 'Plan', 'Country'];
const PLANS = ['basic', 'pro', 'team'];
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'ES'];

/** A seeded generator (mulberry32), so a failure names rows that can be looked at again. */
function randomRows(seed: number, count: number, prefix: string): Cell[][] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, (_, i) => {
    const id = Math.floor(next() * 1e9).toString(36);
    return [`${prefix}${i}-${id}@acme.test`, `Person ${id}`, PLANS[Math.floor(next() * 3)], COUNTRIES[Math.floor(next() * 5)]];
  });
}

const customers = (count: number, prefix = 'old') => randomRows(7, count, prefix);
const keyed = [
  ['with the Email key column', { keyColumn: 'Email' }],
  ['without a key column', {}],
] as const;

describe.each(keyed)('%s', (_label, keyOption) => {
  test('a new customer typed where row 5 was deleted, with the same Plan and Country, is sent', async () => {
    const rows = customers(8);
    const { connectionId, spreadsheetId } = await sheetConnection(env.h, env.google, [header, ...rows], { ...keyOption });
    await runOnce(env.h, connectionId);
    const deleted = rows[3];

    env.google.deleteRows(spreadsheetId, 'Leads', 5);
    env.google.insertRows(spreadsheetId, 'Leads', 5, [['zoe@acme.test', 'Zoe Park', deleted[2], deleted[3]]]);
    const run = await runOnce(env.h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
    expect(customerEmails(env.h)).toEqual(['zoe@acme.test']);
  });

  test('the last 2 rows deleted and 2 new customers appended with the same Plan and Country: both are sent', async () => {
    const rows = customers(6);
    const { connectionId, spreadsheetId } = await sheetConnection(env.h, env.google, [header, ...rows], { ...keyOption });
    await runOnce(env.h, connectionId);

    env.google.deleteRows(spreadsheetId, 'Leads', 6, 2);
    env.google.appendRows(spreadsheetId, 'Leads', [
      ['yan@acme.test', 'Yan Li', rows[4][2], rows[4][3]],
      ['xia@acme.test', 'Xia Wu', rows[5][2], rows[5][3]],
    ]);
    const run = await runOnce(env.h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 2 });
    expect(customerEmails(env.h)).toEqual(['xia@acme.test', 'yan@acme.test']);
  });

  test('100 rows replaced by 100 different random rows: all 100 are sent', async () => {
    const rows = customers(200);
    const { connectionId, spreadsheetId } = await sheetConnection(env.h, env.google, [header, ...rows], { ...keyOption });
    await runOnce(env.h, connectionId);

    const replacements = randomRows(1234, 100, 'new');
    env.google.setRows(spreadsheetId, 'Leads', [header, ...rows.slice(0, 50), ...replacements, ...rows.slice(150)]);
    const run = await runOnce(env.h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 100 });
    expect(customerEmails(env.h)).toEqual(replacements.map((row) => String(row[0])).sort());
  });

  test('the last 20 rows deleted and 20 random rows appended: all 20 are sent', async () => {
    const rows = customers(60);
    const { connectionId, spreadsheetId } = await sheetConnection(env.h, env.google, [header, ...rows], { ...keyOption });
    await runOnce(env.h, connectionId);

    env.google.deleteRows(spreadsheetId, 'Leads', 42, 20);
    const appended = randomRows(99, 20, 'new');
    env.google.appendRows(spreadsheetId, 'Leads', appended);
    const run = await runOnce(env.h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 20 });
    expect(customerEmails(env.h)).toEqual(appended.map((row) => String(row[0])).sort());
  });
});
