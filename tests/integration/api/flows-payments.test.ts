// Each payment action end to end through the HTTP API: a connection saved like the wizard
// saves it, a sheet row or a webhook payload as the source, preview, test send, a run, and
// the run log's items with what Stripe made (a payment link's URL, what a payment paid).
import request from 'supertest';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let google: GoogleEmulator;
let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let stripeAccount: string;
let googleAccount: string;
let googleEmail: string;

beforeAll(async () => {
  [google, stripe] = await Promise.all([startGoogleEmulator(), startStripeEmulator()]);
  api = await startTestApi({
    config: { googleApiBase: google.url, stripeApiBase: stripe.url, publicUrl: 'https://tributary.example.com' },
  });
  owner = await setupOwner(api.app);
  const key = google.createServiceAccount('orders-reader');
  googleEmail = key.client_email;
  googleAccount = await addAccount(owner, 'google-sheets', 'Robot', { serviceAccountKey: JSON.stringify(key) });
  stripeAccount = await addAccount(owner, 'stripe', 'Test', { secretKey: 'sk_test_paymentsFlow1234' });
});
afterAll(async () => {
  await api.drop();
  await Promise.all([google.close(), stripe.close()]);
});

interface Flow {
  id: string;
  run: Record<string, unknown>;
  items: Array<{
    status: string;
    destinationObjectId: string | null;
    error: { message: string } | null;
    result: ItemResult | null;
  }>;
}
interface ItemResult {
  summary: string | null;
  url: string | null;
  output: Record<string, string> | null;
}

const destination = (action: string, options: object) => ({ connector: 'stripe', action, account: stripeAccount, options });

async function runAndRead(id: string): Promise<Flow> {
  const queued = await owner.post(`/api/connections/${id}/run`).expect(202);
  await api.engine.worker.drain();
  const run = (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
  const items = (await owner.get(`/api/runs/${queued.body.id}/items`).expect(200)).body.items;
  return { id, run, items };
}

/** A webhook connection saved through the API, the payloads posted to its URL, then run. */
async function fromWebhook(action: string, mapping: object, payloads: object[], options: object = {}): Promise<Flow> {
  const created = await owner
    .post('/api/connections')
    .send({
      name: `Webhook -> ${action}`,
      source: { connector: 'webhook', trigger: 'new-payload', options: {} },
      destination: destination(action, options),
      mapping,
      schedule: { type: 'interval', minutes: 60 },
      enabled: false,
    })
    .expect(201);
  for (const payload of payloads)
    await request(api.app).post(new URL(created.body.webhookUrl).pathname).send(payload).expect(200);
  return runAndRead(created.body.id);
}

/** A sheet of rows, a Sheets connection reading it from the beginning, then run. */
async function fromSheet(action: string, mapping: object, rows: string[][], options: object = {}): Promise<Flow> {
  const spreadsheetId = google.createSpreadsheet({ title: action, sheets: { Orders: rows }, sharedWith: [googleEmail] });
  const created = await owner
    .post('/api/connections')
    .send({
      name: `Sheet -> ${action}`,
      source: {
        connector: 'google-sheets',
        trigger: 'new-row',
        account: googleAccount,
        options: { spreadsheetId, sheet: 'Orders', keyColumn: rows[0]![0], startFrom: 'beginning' },
      },
      destination: destination(action, options),
      mapping,
      schedule: { type: 'interval', minutes: 60 },
      enabled: false,
    })
    .expect(201);
  return runAndRead(created.body.id);
}

async function customerWithCard(email: string, card = 'visa') {
  const client = stripe.client();
  const customer = await client.customers.create({ email, name: 'Ann' });
  const method = await client.paymentMethods.attach(`pm_card_${card}`, { customer: customer.id });
  return client.customers.update(customer.id, { invoice_settings: { default_payment_method: method.id } });
}

async function openInvoice(customer: string, amount: number, options: { draft?: boolean; daysUntilDue?: number } = {}) {
  const client = stripe.client();
  await client.invoiceItems.create({ customer, amount, currency: 'eur' });
  const draft = await client.invoices.create({
    customer,
    pending_invoice_items_behavior: 'include',
    ...(options.daysUntilDue !== undefined ? { collection_method: 'send_invoice', days_until_due: options.daysUntilDue } : {}),
  });
  return options.draft ? draft : client.invoices.finalizeInvoice(draft.id);
}

beforeEach(() => stripe.reset());

test('update-customer from a sheet row changes only the mapped fields', async () => {
  const customer = await stripe.client().customers.create({ email: 'ann@example.com', name: 'Ann', phone: '+4930111' });
  const flow = await fromSheet('update-customer', { customer: '{{Email}}', name: '{{Name}}', 'metadata.tier': '{{Tier}}' }, [
    ['Email', 'Name', 'Tier'],
    ['ann@example.com', 'Ann Lee', 'gold'],
  ]);
  expect(flow.run).toMatchObject({ status: 'succeeded', itemsSent: 1 });
  expect(stripe.list('customer')[0]).toMatchObject({
    id: customer.id,
    name: 'Ann Lee',
    phone: '+4930111',
    metadata: { tier: 'gold', tributary_connection: flow.id },
  });
  expect(flow.items[0]!.result!.summary).toBe(`Updated customer ${customer.id} (ann@example.com): name, metadata.tier`);
});

test('create-payment-link from a webhook: preview, a test send and the run all show the link', async () => {
  const mapping = { amount: '{{total}}', currency: '{{currency}}', description: 'Order {{order}}' };
  const flow = await fromWebhook('create-payment-link', mapping, [{ order: 'A-1', total: '19.99', currency: 'usd' }], {
    oneUse: true,
  });

  const preview = (await owner.post(`/api/connections/${flow.id}/preview`).send({}).expect(200)).body;
  expect(preview.items[0].input).toEqual({ amount: 1999, currency: 'usd', description: 'Order A-1' });
  const links = () => stripe.list('payment_link');
  expect(flow.items[0]).toMatchObject({
    status: 'sent',
    destinationObjectId: links()[0]!.id,
    result: { output: { url: links()[0]!.url } },
  });

  // The payload was delivered by the run: a test send of it shows that link and makes no second one.
  const test = (await owner.post(`/api/connections/${flow.id}/test-send`).send({}).expect(200)).body;
  expect(test).toMatchObject({ alreadySent: true, objectId: links()[0]!.id, output: { url: links()[0]!.url } });
  expect(test.summary).toBe(
    `Already sent; nothing was sent again. Payment link for 19.99 USD (one payment only): ${links()[0]!.url}`,
  );
  expect(links()).toHaveLength(1);
});

test('create-checkout-session from a webhook with several line items', async () => {
  await stripe.client().customers.create({ email: 'ann@example.com' });
  const flow = await fromWebhook(
    'create-checkout-session',
    {
      customer: '{{email}}',
      amount: '{{items.price}}',
      product_name: '{{items.title}}',
      quantity: '{{items.qty}}',
      currency: 'eur',
    },
    [
      {
        email: 'ann@example.com',
        items: [
          { title: 'Mug', price: '12.00', qty: 2 },
          { title: 'Tea', price: '4.50', qty: 1 },
        ],
      },
    ],
    { successUrl: 'https://shop.example.com/ok', expiresAfterMinutes: 120 },
  );
  const [session] = stripe.list('checkout.session');
  expect(session).toMatchObject({ amount_total: 2850, mode: 'payment' });
  expect(flow.items[0]!.result!.output).toMatchObject({ url: session!.url });
});

test('finalize, send, pay and void invoices from webhook payloads', async () => {
  const customer = await customerWithCard('inv@example.com');
  const draft = await openInvoice(customer.id, 1000, { draft: true });
  const emailed = await openInvoice(customer.id, 2000, { draft: true, daysUntilDue: 7 });
  const toPay = await openInvoice(customer.id, 3000);
  const toVoid = await openInvoice(customer.id, 4000);

  const flows = [
    await fromWebhook('finalize-invoice', { invoice: '{{id}}' }, [{ id: draft.id }]),
    await fromWebhook('send-invoice', { invoice: '{{id}}' }, [{ id: emailed.id }]),
    await fromWebhook('pay-invoice', { invoice: '{{id}}' }, [{ id: toPay.id }]),
    await fromWebhook('void-invoice', { invoice: '{{id}}' }, [{ id: toVoid.id }]),
  ];

  expect(flows.map((flow) => flow.run.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  const status = async (id: string) => (await stripe.client().invoices.retrieve(id)).status;
  expect([await status(draft.id), await status(emailed.id), await status(toPay.id), await status(toVoid.id)]).toEqual([
    'open',
    'open',
    'paid',
    'void',
  ]);
  const again = await fromWebhook('void-invoice', { invoice: '{{id}}' }, [{ id: toPay.id }]);
  expect(again.items[0]!.error!.message).toBe(
    `invoice: ${toPay.id} is paid, so it cannot be voided; only a open or uncollectible invoice can be.`,
  );
});

test('charge-customer from a sheet row: a good card is charged, a declined one fails with Stripe’s reason', async () => {
  await customerWithCard('ok@example.com');
  await customerWithCard('poor@example.com', 'chargeDeclinedInsufficientFunds');
  const flow = await fromSheet(
    'charge-customer',
    { customer: '{{Email}}', amount: '{{Amount}}', currency: '{{Currency}}', description: 'Order {{Order}}' },
    [
      ['Order', 'Email', 'Amount', 'Currency'],
      ['A-7', 'ok@example.com', '1,234.50', 'EUR'],
      ['A-8', 'poor@example.com', '10', 'EUR'],
    ],
  );
  expect(flow.run).toMatchObject({ status: 'partial', itemsSent: 1, itemsFailed: 1 });
  // Rows run concurrently: compare without order.
  expect(
    stripe
      .list('payment_intent')
      .map((pi) => `${pi.amount} ${pi.status}`)
      .sort(),
  ).toEqual(['1000 requires_payment_method', '123450 succeeded']);
  const failed = flow.items.find((item) => item.status === 'failed')!;
  expect(failed.error!.message).toMatch(/was declined: Your card has insufficient funds\. \(decline code: insufficient_funds\)/);
});

test('apply-payment-to-invoices from a bank-transfer webhook reports what it paid and what remains', async () => {
  const customer = await stripe.client().customers.create({ email: 'pay@example.com' });
  const first = await openInvoice(customer.id, 5000, { daysUntilDue: 5 });
  const second = await openInvoice(customer.id, 7000, { daysUntilDue: 9 });
  const flow = await fromWebhook(
    'apply-payment-to-invoices',
    { customer: '{{payer}}', amount: '{{amount}}', currency: '{{currency}}', reference: '{{reference}}' },
    [{ payer: 'pay@example.com', amount: '100.00', currency: 'eur', reference: 'TRX-1' }],
  );
  expect(flow.items[0]!.result!.output).toEqual({ paid_invoices: first.id, paid: '50.00 EUR', remaining: '50.00 EUR' });
  expect((await stripe.client().invoices.retrieve(second.id)).status).toBe('open');
});
