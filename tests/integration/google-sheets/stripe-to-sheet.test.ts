// Stripe -> Google Sheets through the API as a person builds it: the mapping step reads the
// sheet's header cells, Stripe charges (some in yen) fill an Amount column in major units,
// and new customers made within one second are each added once.
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';

let stripe: StripeEmulator;
let google: GoogleEmulator;
let api: TestApi;
let owner: LoggedIn;
let stripeAccount: string;
let googleAccount: string;
let serviceAccountEmail: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  google = await startGoogleEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url, googleApiBase: google.url } });
  owner = await setupOwner(api.app);
  stripeAccount = (await addAccount(owner, 'stripe', 'Shop', { secretKey: 'sk_test_sheetsDestination01' })) as string;
  const key = google.createServiceAccount('sheets-writer');
  serviceAccountEmail = key.client_email;
  googleAccount = (await addAccount(owner, 'google-sheets', 'Reports', { serviceAccountKey: JSON.stringify(key) })) as string;
});
afterAll(async () => {
  await api.drop();
  await google.close();
  await stripe.close();
});

function reportSheet(header: string[]): string {
  return google.createSpreadsheet({ title: 'Stripe report', sheets: { Charges: [header] }, sharedWith: [serviceAccountEmail] });
}

async function connect(spreadsheetId: string, object: string, mapping: Record<string, string>): Promise<string> {
  const created = await owner
    .post('/api/connections')
    .send({
      name: `Stripe ${object} -> sheet`,
      source: { connector: 'stripe', trigger: 'new-object', account: stripeAccount, options: { object, startFrom: 'beginning' } },
      destination: {
        connector: 'google-sheets',
        action: 'add-row',
        account: googleAccount,
        options: { spreadsheetId, sheet: 'Charges' },
      },
      mapping,
      schedule: { type: 'interval', minutes: 15 },
      enabled: true,
    })
    .expect(201);
  return created.body.id as string;
}

async function run(connectionId: string) {
  const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
  await api.engine.worker.drain();
  return (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body as { status: string; itemsSent: number };
}

test('the mapping step offers the header cells of the chosen sheet as the fields to fill in', async () => {
  const spreadsheetId = reportSheet(['Charge', 'Amount', '', 'Currency']);

  const { body } = await owner
    .post('/api/connectors/google-sheets/input-schema')
    .send({ action: 'add-row', account: googleAccount, options: { spreadsheetId, sheet: 'Charges' } })
    .expect(200);

  expect(body.dynamic).toBe(true);
  expect(Object.keys(body.inputSchema.properties)).toEqual(['Charge', 'Amount', 'Currency']);
  expect(body.inputSchema.properties.Currency.description).toBe('Column D of sheet "Charges"');
  const missing = await owner
    .post('/api/connectors/google-sheets/input-schema')
    .send({ action: 'add-row', account: googleAccount, options: { spreadsheetId } })
    .expect(400);
  expect(missing.body.error.message).toBe('Fill in sheet first; the fields to fill in depend on it.');
});

test('Stripe charges, some in yen, fill the sheet with amounts in major units; a second run adds nothing', async () => {
  stripe.create('charge', 1, () => ({ amount: 1000, currency: 'jpy' }));
  stripe.create('charge', 1, () => ({ amount: 1250, currency: 'usd' }));
  stripe.create('charge', 1, () => ({ amount: 500, currency: 'jpy' }));
  const spreadsheetId = reportSheet(['Charge', 'Amount', 'Currency']);
  const id = await connect(spreadsheetId, 'charges', { Charge: '{{id}}', Amount: '{{amount_major}}', Currency: '{{currency}}' });

  expect(await run(id)).toMatchObject({ status: 'succeeded', itemsSent: 3 });
  expect(await run(id)).toMatchObject({ status: 'succeeded', itemsSent: 0 });

  const rows = google.rows(spreadsheetId, 'Charges').slice(1);
  expect(rows.map((row) => [row[1], row[2]]).sort()).toEqual([
    [1000, 'jpy'],
    [12.5, 'usd'],
    [500, 'jpy'],
  ]);
  expect(new Set(rows.map((row) => row[0])).size).toBe(3);
});

test('after a first run, two customers created in the same second each add one row, exactly those two', async () => {
  const client = stripe.client(undefined, { maxNetworkRetries: 0 });
  await client.customers.create({ email: 'first@example.com' });
  const spreadsheetId = reportSheet(['Customer', 'Email']);
  const id = await connect(spreadsheetId, 'customers', { Customer: '{{id}}', Email: '{{email}}' });
  await run(id);

  stripe.clock.freeze();
  await client.customers.create({ email: 'twin1@example.com' });
  await client.customers.create({ email: 'twin2@example.com' });
  stripe.clock.resume();
  const second = await run(id);

  expect(second).toMatchObject({ status: 'succeeded', itemsSent: 2 });
  const emails = google
    .rows(spreadsheetId, 'Charges')
    .slice(1)
    .map((row) => row[1]);
  expect(emails.slice(0, 1)).toEqual(['first@example.com']);
  expect(emails.slice(1).sort()).toEqual(['twin1@example.com', 'twin2@example.com']);
});
