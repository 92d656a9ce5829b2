// A sheet without a key column: the wizard proposes one, a row that looks like an edit is
// listed as not sent with the reason, and "send it" sends exactly that row, once.
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let google: GoogleEmulator;
let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let googleAccount: string;
let stripeAccount: string;

beforeAll(async () => {
  [google, stripe] = await Promise.all([startGoogleEmulator(), startStripeEmulator()]);
  api = await startTestApi({ config: { googleApiBase: google.url, stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
  const key = google.createServiceAccount('leads-reader');
  googleAccount = await addAccount(owner, 'google-sheets', 'Robot', { serviceAccountKey: JSON.stringify(key) });
  stripeAccount = await addAccount(owner, 'stripe', 'Test', { secretKey: 'sk_test_notSent12345678' });
  sharedWith = key.client_email;
});
afterAll(async () => {
  await api.drop();
  await Promise.all([google.close(), stripe.close()]);
});

let sharedWith = '';
const HEADER = ['Customer', 'Email', 'Plan', 'Country'];

function spreadsheet(rows: string[][]): string {
  return google.createSpreadsheet({ title: 'Leads', sheets: { Leads: [HEADER, ...rows] }, sharedWith: [sharedWith] });
}

async function runNow(connectionId: string) {
  const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
  await api.engine.worker.drain();
  return (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
}

test('the wizard proposes the column whose value differs on every row as the key column', async () => {
  const spreadsheetId = spreadsheet([
    ['Ann', 'ann@acme.test', 'pro', 'DE'],
    ['Bob', 'bob@acme.test', 'pro', 'DE'],
  ]);
  const { body } = await owner
    .post('/api/connectors/google-sheets/options/keyColumn')
    .send({ trigger: 'new-row', account: googleAccount, options: { spreadsheetId, sheet: 'Leads' } })
    .expect(200);
  expect(body.choices).toEqual([
    { value: 'Customer', label: 'Customer' },
    { value: 'Email', label: 'Email', suggestion: 'every row has a different Email' },
    { value: 'Plan', label: 'Plan' },
    { value: 'Country', label: 'Country' },
  ]);
});

test('a row that looks like an edit is listed as not sent with its reason, and "send it" sends it once', async () => {
  const spreadsheetId = spreadsheet([
    ['Ann', 'ann@acme.test', 'pro', 'DE'],
    ['Bob', 'bob@acme.test', 'basic', 'FR'],
  ]);
  const created = await owner
    .post('/api/connections')
    .send({
      name: 'Leads without a key',
      source: {
        connector: 'google-sheets',
        trigger: 'new-row',
        account: googleAccount,
        options: { spreadsheetId, sheet: 'Leads' },
      },
      destination: {
        connector: 'stripe',
        action: 'create-customer',
        account: stripeAccount,
        options: { onExistingEmail: 'create' },
      },
      mapping: { email: '{{Email}}', name: '{{Customer}}' },
      schedule: { type: 'interval', minutes: 15 },
      enabled: false,
    })
    .expect(201);
  const connectionId = created.body.id;
  expect(await runNow(connectionId)).toMatchObject({ status: 'succeeded', itemsSent: 0 });

  // Bob's row gets a new customer typed over its name and email: Plan and Country stay,
  // which is not more than half, so it is new. Ann's row only changes plan: an edit.
  google.setRow(spreadsheetId, 'Leads', 3, ['Cy', 'cy@acme.test', 'basic', 'FR']);
  google.setRow(spreadsheetId, 'Leads', 2, ['Ann', 'ann@acme.test', 'team', 'DE']);
  const run = await runNow(connectionId);
  expect(run).toMatchObject({ status: 'succeeded', itemsSent: 1, itemsSkipped: 1, itemsNotSent: 1 });
  const items = (await owner.get(`/api/runs/${run.id}/items`).expect(200)).body.items;
  const edit = items.find((item: { status: string }) => item.status === 'skipped');
  expect(edit).toMatchObject({
    source: { Customer: 'Ann', Plan: 'team', _row: 2 },
    notSent: { code: 'looks_like_edit', reason: 'looks like an edit of row 2 (changed: Plan)', sendable: true },
    sendRequestedAt: null,
  });
  expect(stripe.list('customer').map((customer) => customer.email)).toEqual(['cy@acme.test']);

  const send = await owner.post(`/api/runs/${run.id}/items/${edit.id}/send`).expect(202);
  await api.engine.worker.drain();
  const sendRun = (await owner.get(`/api/runs/${send.body.id}`).expect(200)).body;
  expect(sendRun).toMatchObject({ trigger: 'send', status: 'succeeded', itemsSent: 1, itemsTotal: 1 });
  expect(stripe.list('customer').map((customer) => customer.email)).toEqual(['cy@acme.test', 'ann@acme.test']);
  const after = (await owner.get(`/api/runs/${run.id}/items?status=skipped`).expect(200)).body.items;
  expect(after[0].sendRequestedAt).toEqual(expect.any(String));

  const again = await owner.post(`/api/runs/${run.id}/items/${edit.id}/send`).expect(409);
  expect(again.body.error.message).toBe('This item has already been sent.');
  // The next scheduled read does not list or send the row again.
  expect(await runNow(connectionId)).toMatchObject({ itemsTotal: 0 });
});

test('only a not-sent item can be sent from the run log; an unknown item is a 404', async () => {
  const spreadsheetId = spreadsheet([['Ann', 'ann@acme.test', 'pro', 'DE']]);
  const created = await owner
    .post('/api/connections')
    .send({
      name: 'Leads from the beginning',
      source: {
        connector: 'google-sheets',
        trigger: 'new-row',
        account: googleAccount,
        options: { spreadsheetId, sheet: 'Leads', startFrom: 'beginning', keyColumn: 'Email' },
      },
      destination: {
        connector: 'stripe',
        action: 'create-customer',
        account: stripeAccount,
        options: { onExistingEmail: 'create' },
      },
      mapping: { email: '{{Email}}' },
      schedule: { type: 'interval', minutes: 15 },
      enabled: false,
    })
    .expect(201);
  const run = await runNow(created.body.id);
  const [sent] = (await owner.get(`/api/runs/${run.id}/items`).expect(200)).body.items;
  const refused = await owner.post(`/api/runs/${run.id}/items/${sent.id}/send`).expect(409);
  expect(refused.body.error.message).toContain('Only an item listed as "Not sent"');
  await owner.post(`/api/runs/${run.id}/items/999999/send`).expect(404);
  await owner.post(`/api/runs/${run.id}/items/not-a-number/send`).expect(404);
});

test('choosing the proposed key column later keeps the rows added since the last run: they are sent', async () => {
  const spreadsheetId = spreadsheet([['Ann', 'ann@acme.test', 'pro', 'DE']]);
  const document = {
    name: 'Leads, key chosen later',
    source: {
      connector: 'google-sheets',
      trigger: 'new-row',
      account: googleAccount,
      options: { spreadsheetId, sheet: 'Leads' },
    },
    destination: {
      connector: 'stripe',
      action: 'create-customer',
      account: stripeAccount,
      options: { onExistingEmail: 'create' },
    },
    mapping: { email: '{{Email}}', name: '{{Customer}}' },
    schedule: { type: 'interval', minutes: 15 },
    enabled: true,
  };
  const created = await owner.post('/api/connections').send(document).expect(201);
  google.appendRows(spreadsheetId, 'Leads', [['Dee', 'dee@acme.test', 'basic', 'FR']]);

  const source = { ...document.source, options: { ...document.source.options, keyColumn: 'Email' } };
  await owner
    .put(`/api/connections/${created.body.id}`)
    .send({ ...document, source })
    .expect(200);
  const run = await runNow(created.body.id);

  expect(run).toMatchObject({ status: 'succeeded', itemsSent: 1 });
  expect(stripe.list('customer').map((customer) => customer.email)).toContain('dee@acme.test');
  const items = (await owner.get(`/api/runs/${run.id}/items`).expect(200)).body.items;
  expect(items.map((item: { itemKey: string }) => item.itemKey)).toHaveLength(1);
  // From now on rows are known by their Email.
  google.appendRows(spreadsheetId, 'Leads', [['Eve', 'eve@acme.test', 'pro', 'DE']]);
  const next = await runNow(created.body.id);
  const nextItems = (await owner.get(`/api/runs/${next.id}/items`).expect(200)).body.items;
  expect(nextItems.map((item: { itemKey: string }) => item.itemKey)).toEqual(['eve@acme.test']);
});
