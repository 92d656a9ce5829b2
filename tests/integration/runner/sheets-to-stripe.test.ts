import { insertAccount, insertConnection } from '../../support/fixtures';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { runOnce, startHarness, type Harness } from './harness';

let h: Harness;
let google: GoogleEmulator;
beforeEach(async () => {
  h = await startHarness();
  google = await startGoogleEmulator();
  h.deps.context = { ...h.deps.context, googleApiBase: google.url };
});
afterEach(async () => {
  await google.close();
  await h.close();
});

const header = ['Email', 'First name', 'Last name'];
const person = (name: string) => [`${name.toLowerCase()}@example.com`, name, 'Doe'];

async function sheetConnection(
  rows: string[][],
  startFrom: 'now' | 'beginning',
): Promise<{ connectionId: string; spreadsheetId: string }> {
  const key = google.createServiceAccount('runner');
  const spreadsheetId = google.createSpreadsheet({
    title: 'Leads',
    sheets: { Leads: [header, ...rows] },
    sharedWith: [key.client_email],
  });
  const account = await insertAccount(h.database.db, h.workspaceId, 'google-sheets', { serviceAccountKey: JSON.stringify(key) });
  const connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'google-sheets',
    source_trigger: 'new-row',
    source_account_id: account,
    source_options: { spreadsheetId, sheet: 'Leads', startFrom },
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    destination_account_id: h.stripeAccountId,
    destination_options: { onExistingEmail: 'create' },
    mapping: { email: '{{Email}}', name: '{{First name}} {{Last name}}' },
  });
  return { connectionId, spreadsheetId };
}

const customerNames = () =>
  h.stripe
    .list('customer')
    .map((customer) => String(customer.name))
    .sort();

test('rows inserted above, deleted and edited between runs: exactly the new rows reach Stripe, once', async () => {
  const { connectionId, spreadsheetId } = await sheetConnection([person('Ann'), person('Bob'), person('Cy')], 'beginning');
  expect(await runOnce(h, connectionId)).toMatchObject({ status: 'succeeded', items_sent: 3 });

  google.insertRows(spreadsheetId, 'Leads', 2, [person('Dee')]);
  google.deleteRows(spreadsheetId, 'Leads', 4);
  google.editCell(spreadsheetId, 'Leads', 'C4', 'Doe-Smith');
  google.appendRows(spreadsheetId, 'Leads', [[], person('Eve')]);
  const second = await runOnce(h, connectionId);
  const third = await runOnce(h, connectionId);

  expect(second).toMatchObject({ status: 'succeeded', items_sent: 2 });
  expect(third).toMatchObject({ status: 'succeeded', items_sent: 0 });
  expect(customerNames()).toEqual(['Ann Doe', 'Bob Doe', 'Cy Doe', 'Dee Doe', 'Eve Doe']);
});

test('"only rows added from now on" sends nothing that was already in the sheet', async () => {
  const { connectionId, spreadsheetId } = await sheetConnection([person('Ann'), person('Bob')], 'now');
  expect(await runOnce(h, connectionId)).toMatchObject({ status: 'succeeded', items_sent: 0 });

  google.appendRows(spreadsheetId, 'Leads', [person('Cy')]);
  expect(await runOnce(h, connectionId)).toMatchObject({ status: 'succeeded', items_sent: 1 });

  expect(customerNames()).toEqual(['Cy Doe']);
});

test('a renamed column fails the run with a message naming it, and nothing is sent', async () => {
  const { connectionId, spreadsheetId } = await sheetConnection([person('Ann')], 'now');
  await runOnce(h, connectionId);
  google.setRow(spreadsheetId, 'Leads', 1, ['E-mail', 'First name', 'Last name']);
  google.appendRows(spreadsheetId, 'Leads', [person('Bob')]);

  const run = await runOnce(h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error).toMatchObject({ kind: 'config' });
  expect(run.error?.message).toContain('Email');
  expect(h.stripe.list('customer')).toHaveLength(0);
});
