import { runOnce } from './harness';
import { sheetConnection as connect, sheetsHarness } from './sheet-connection';

const env = sheetsHarness();

const header = ['Email', 'First name', 'Last name'];
const person = (name: string) => [`${name.toLowerCase()}@example.com`, name, 'Doe'];

function sheetConnection(rows: string[][], startFrom: 'now' | 'beginning') {
  return connect(
    env.h,
    env.google,
    [header, ...rows],
    { startFrom },
    { email: '{{Email}}', name: '{{First name}} {{Last name}}' },
  );
}

const customerNames = () =>
  env.h.stripe
    .list('customer')
    .map((customer) => String(customer.name))
    .sort();

test('rows inserted above, deleted and edited between runs: exactly the new rows reach Stripe, once', async () => {
  const { connectionId, spreadsheetId } = await sheetConnection([person('Ann'), person('Bob'), person('Cy')], 'beginning');
  expect(await runOnce(env.h, connectionId)).toMatchObject({ status: 'succeeded', items_sent: 3 });

  env.google.insertRows(spreadsheetId, 'Leads', 2, [person('Dee')]);
  env.google.deleteRows(spreadsheetId, 'Leads', 4);
  env.google.editCell(spreadsheetId, 'Leads', 'C4', 'Doe-Smith');
  env.google.appendRows(spreadsheetId, 'Leads', [[], person('Eve')]);
  const second = await runOnce(env.h, connectionId);
  const third = await runOnce(env.h, connectionId);

  expect(second).toMatchObject({ status: 'succeeded', items_sent: 2 });
  expect(third).toMatchObject({ status: 'succeeded', items_sent: 0 });
  expect(customerNames()).toEqual(['Ann Doe', 'Bob Doe', 'Cy Doe', 'Dee Doe', 'Eve Doe']);
});

test('"only rows added from now on" sends nothing that was already in the sheet', async () => {
  const { connectionId, spreadsheetId } = await sheetConnection([person('Ann'), person('Bob')], 'now');
  expect(await runOnce(env.h, connectionId)).toMatchObject({ status: 'succeeded', items_sent: 0 });

  env.google.appendRows(spreadsheetId, 'Leads', [person('Cy')]);
  expect(await runOnce(env.h, connectionId)).toMatchObject({ status: 'succeeded', items_sent: 1 });

  expect(customerNames()).toEqual(['Cy Doe']);
});

test('a renamed column fails the run with a message naming it, and nothing is sent', async () => {
  const { connectionId, spreadsheetId } = await sheetConnection([person('Ann')], 'now');
  await runOnce(env.h, connectionId);
  env.google.setRow(spreadsheetId, 'Leads', 1, ['E-mail', 'First name', 'Last name']);
  env.google.appendRows(spreadsheetId, 'Leads', [person('Bob')]);

  const run = await runOnce(env.h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error).toMatchObject({ kind: 'config' });
  expect(run.error?.message).toContain('Email');
  expect(env.h.stripe.list('customer')).toHaveLength(0);
});
