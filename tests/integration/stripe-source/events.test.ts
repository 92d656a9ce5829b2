// Stripe's instant events into a connection: the emulator signs and posts them over real
// HTTP to the product's /hooks URL, as Stripe does.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStripeEmulator, stripeSignature, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';
import { rowRecorder } from './recorder';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let account: string;
let server: Server;
let base: string;
const recorder = rowRecorder();

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ connectors: recorder.registry, config: { stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
  account = await addAccount(owner, 'stripe', 'Shop', { secretKey: 'sk_test_stripeEvents0001' });
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.drop();
  await stripe.close();
});

const client = () => stripe.client(undefined, { maxNetworkRetries: 0 });

/** A connection taking invoice.paid events, with a Stripe endpoint pointing at its URL. */
async function invoicePaidConnection() {
  const document = {
    name: 'Paid invoices -> rows',
    source: { connector: 'stripe', trigger: 'event', account, options: { eventTypes: ['invoice.paid'] } },
    destination: { connector: 'row-recorder', action: 'add-row', options: {} },
    mapping: { Id: '{{data.object.id}}', Amount: '{{data.object.amount_paid_major}}', Type: '{{type}}' },
    schedule: { type: 'interval', minutes: 60 },
    enabled: true,
  };
  const created = (await owner.post('/api/connections').send(document).expect(201)).body;
  const url = `${base}${new URL(created.webhookUrl as string).pathname}`;
  const endpoint = await client().webhookEndpoints.create({ url, enabled_events: ['invoice.paid', 'customer.created'] });
  const withSecret = {
    ...document,
    source: { ...document.source, options: { ...document.source.options, secret: endpoint.secret } },
  };
  await owner.put(`/api/connections/${created.id}`).send(withSecret).expect(200);
  return { id: created.id as string, url, secret: endpoint.secret! };
}

async function payInvoice(amount: number, currency: string): Promise<string> {
  const customer = await client().customers.create({ email: 'payer@example.com', payment_method: 'pm_card_visa' });
  await client().invoiceItems.create({ customer: customer.id, amount, currency });
  const invoice = await client().invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
  await client().invoices.finalizeInvoice(invoice.id);
  await client().invoices.pay(invoice.id);
  return invoice.id;
}

const post = (url: string, body: string, signature?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(signature ? { 'Stripe-Signature': signature } : {}) },
    body,
  });

/** Waits (on the database, not the clock) for the instant runs the deliveries started. */
async function runsOf(connectionId: string, atLeast = 0) {
  const deadline = Date.now() + 30_000;
  const count = async () =>
    Number((await api.database.db('runs').where({ connection_id: connectionId }).count({ n: '*' }))[0]!.n);
  while ((await count()) < atLeast && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await api.engine.worker.drain();
  return (await api.database.db('runs').where({ connection_id: connectionId }).orderBy('queued_at')) as Array<{
    items_sent: number;
    items_total: number;
  }>;
}

describe('the instant Stripe event source', () => {
  test('an invoice.paid event signed by Stripe adds one row; a bad signature gets 400; a replay adds nothing', async () => {
    const { id, url, secret } = await invoicePaidConnection();

    const invoiceId = await payInvoice(4900, 'eur');
    await stripe.webhooks.settled();

    expect(stripe.webhooks.deliveries.map((d) => [d.type, d.status])).toEqual([
      ['customer.created', 200],
      ['invoice.paid', 200],
    ]);
    await runsOf(id, 1);
    expect(recorder.rows).toEqual([{ Id: invoiceId, Amount: '49.00', Type: 'invoice.paid' }]);

    const [event] = (await client().events.list({ type: 'invoice.paid' })).data;
    const body = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    const forged = await post(url, body, stripeSignature('whsec_notTheEndpointsSecret', body, now));
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(/signature/i);
    expect((await post(url, body)).status).toBe(400);
    expect((await post(url, body, stripeSignature(secret, body, now - 6 * 60))).status).toBe(400);

    const replay = await post(url, body, stripeSignature(secret, body, now));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    const runs = await runsOf(id);
    expect(runs.reduce((sum, run) => sum + run.items_sent, 0)).toBe(1);
    expect(recorder.rows).toHaveLength(1);
  });

  test('an event of a type the connection does not take is acknowledged and not stored', async () => {
    const { id, url, secret } = await invoicePaidConnection();
    recorder.rows.length = 0;
    const body = JSON.stringify({ id: 'evt_1Other', object: 'event', type: 'customer.updated', data: { object: {} } });
    const answer = await post(url, body, stripeSignature(secret, body, Math.floor(Date.now() / 1000)));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ received: true, ignored: true });
    expect(await api.database.db('webhook_inbox').where({ connection_id: id }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  test('the wizard creates the Stripe endpoint when the public URL is known, and says what to do when it is not', async () => {
    stripe.reset();
    recorder.rows.length = 0;
    const document = {
      name: 'Paid invoices, endpoint made by Tributary',
      source: { connector: 'stripe', trigger: 'event', account, options: { eventTypes: ['invoice.*'] } },
      destination: { connector: 'row-recorder', action: 'add-row', options: {} },
      mapping: { Id: '{{data.object.id}}', Type: '{{type}}' },
      schedule: { type: 'interval', minutes: 60 },
      enabled: true,
    };
    const { id } = (await owner.post('/api/connections').send(document).expect(201)).body;
    const config = api.config as { publicUrl: string | null };

    config.publicUrl = null;
    const refused = await owner.post(`/api/connections/${id}/webhook/register`).send({}).expect(409);
    expect(refused.body.error.message).toMatch(/TRIBUTARY_PUBLIC_URL.*Developers > Webhooks/);

    config.publicUrl = base;
    const made = (await owner.post(`/api/connections/${id}/webhook/register`).send({}).expect(200)).body;
    expect(made.endpoint).toMatchObject({ enabledEvents: ['*'] });
    expect(JSON.stringify(made)).not.toMatch(/whsec_/);
    const [endpoint] = stripe.list('webhook_endpoint');
    expect(endpoint!.url).toBe(made.webhookUrl);
    expect(made.webhookUrl.startsWith(`${base}/hooks/`)).toBe(true);

    const invoiceId = await payInvoice(700, 'usd');
    await stripe.webhooks.settled();
    await runsOf(id, 1);
    // invoice.* takes every invoice event of the payment; customer.created is not one.
    expect(recorder.rows.map((row) => row.Type)).toEqual(expect.arrayContaining(['invoice.created', 'invoice.paid']));
    expect(recorder.rows.every((row) => row.Id === invoiceId)).toBe(true);
  });
});
