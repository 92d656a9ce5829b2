import { connectors } from '../../../connectors';
import type { ConnectorContext, OutgoingRequest } from '../../../connectors/sdk';
import { newRow } from '../../../connectors/google-sheets/triggers/new-row';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';

// The per-request hook lives in each connector's one shared client, so every request an
// action or a trigger sends is counted, whichever helper sends it.
let stripe: StripeEmulator;
let google: GoogleEmulator;
beforeAll(async () => {
  [stripe, google] = await Promise.all([startStripeEmulator(), startGoogleEmulator()]);
});
afterAll(async () => {
  await Promise.all([stripe.close(), google.close()]);
});

function countingContext(): { context: ConnectorContext; seen: OutgoingRequest[] } {
  const seen: OutgoingRequest[] = [];
  // A new function per test: clients are kept per hook, so each test gets fresh ones.
  const beforeRequest = async (request: OutgoingRequest) => {
    seen.push(request);
  };
  return { context: { stripeApiBase: stripe.url, googleApiBase: google.url, beforeRequest }, seen };
}

test('every request of Stripe’s actions passes the account’s budget: look-ups, creates and finalize alike', async () => {
  const { context, seen } = countingContext();
  const credentials = { secretKey: 'sk_test_counted_4242' };
  const run = (action: string, input: Record<string, unknown>, options: Record<string, unknown>) =>
    connectors
      .action('stripe', action)!
      .execute({ credentials, options, input, idempotencyKey: (step) => `${action}-${step}`, context });

  await run('create-customer', { email: 'ann@example.com' }, { onExistingEmail: 'reuse' });
  await run('add-invoice-item', { customer: 'bob@example.com', amount: 1250, currency: 'eur' }, { createMissingCustomer: true });
  await run('create-invoice', { customer: 'bob@example.com' }, { finalize: true });

  const sent = stripe.requests.filter((request) => request.apiKey === credentials.secretKey);
  // At least: reuse = look-up + create; invoice item = look-up + create customer + create
  // item; invoice = look-up + create + finalize (actions may add look-ups of their own).
  expect(sent.length).toBeGreaterThanOrEqual(8);
  expect(seen.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(
    sent.map((request) => `${request.method} ${request.path}`),
  );
});

test('every Sheets and Drive request of a Google account passes its budget; token requests do not count', async () => {
  const { context, seen } = countingContext();
  const key = google.createServiceAccount('counted');
  const spreadsheetId = google.createSpreadsheet({
    title: 'Leads',
    sheets: { Leads: [['Email'], ['ann@example.com'], ['bob@example.com']] },
    sharedWith: [key.client_email],
  });
  const credentials = { serviceAccountKey: JSON.stringify(key) };
  const options = { spreadsheetId, sheet: 'Leads' };
  const before = google.requests.length;

  const cursor = await newRow.startCursor({ credentials, options, from: 'beginning', context });
  for await (const batch of newRow.read({ credentials, options, cursor, context })) void batch;
  await connectors.get('google-sheets')!.account!.verify({ credentials, context });

  const apiRequests = google.requests.slice(before).filter((request) => request.path !== '/token');
  expect(apiRequests.length).toBeGreaterThanOrEqual(3);
  expect(seen).toHaveLength(apiRequests.length);
  expect(seen.every((request) => !request.url.endsWith('/token'))).toBe(true);
});
