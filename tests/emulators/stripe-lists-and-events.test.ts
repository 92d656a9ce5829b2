import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { expectValid } from './expect-valid';
import { type StripeEmulator } from './stripe';
import { useStripeEmulator } from './use-stripe-emulator';

let emulator: StripeEmulator;
let stripe: Stripe;
useStripeEmulator((started) => ({ emulator, stripe } = started));

async function paidCharge(amount: number, currency: string): Promise<Stripe.Charge> {
  const customer = await stripe.customers.create({ email: 'payer@example.com' });
  const intent = await stripe.paymentIntents.create({
    amount,
    currency,
    customer: customer.id,
    payment_method: 'pm_card_visa',
    confirm: true,
    off_session: true,
  });
  return stripe.charges.list({ payment_intent: intent.id }).then((page) => page.data[0]!);
}

describe('lists', () => {
  test('a confirmed payment intent leaves a charge and a balance transaction, listed as Stripe lists them', async () => {
    const yen = await paidCharge(1000, 'jpy');
    const dollars = await paidCharge(1250, 'usd');
    const page = await stripe.charges.list({ limit: 10 });
    expect(page.data.map((c) => [c.id, c.amount, c.currency, c.status])).toEqual([
      [dollars.id, 1250, 'usd', 'succeeded'],
      [yen.id, 1000, 'jpy', 'succeeded'],
    ]);
    expectValid('GetCharges', page);
    const txns = await stripe.balanceTransactions.list({ type: 'charge' });
    expect(txns.data.map((t) => t.source)).toEqual([dollars.id, yen.id]);
    expect(txns.data[0]).toMatchObject({ amount: 1250, fee: 36, net: 1214, currency: 'usd' });
    expectValid('GetBalanceTransactions', txns);
  });

  test('pages follow starting_after and ending_before with has_more, within a created range', async () => {
    emulator.clock.freeze(1_700_000_000);
    emulator.create('payout', 2, () => ({ status: 'paid' }));
    emulator.clock.freeze(1_700_000_100);
    const later = emulator.create('payout', 5, (i) => ({ status: i % 2 ? 'paid' : 'pending', amount: 100 + i }));
    emulator.clock.resume();
    const newestFirst = [...later].reverse().map((p) => p.id);

    const first = await stripe.payouts.list({ limit: 2, created: { gte: 1_700_000_100 } });
    const second = await stripe.payouts.list({ limit: 2, created: { gte: 1_700_000_100 }, starting_after: first.data[1]!.id });
    const third = await stripe.payouts.list({ limit: 2, created: { gte: 1_700_000_100 }, starting_after: second.data[1]!.id });
    expect([...first.data, ...second.data, ...third.data].map((p) => p.id)).toEqual(newestFirst);
    expect([first.has_more, second.has_more, third.has_more]).toEqual([true, true, false]);
    const back = await stripe.payouts.list({ limit: 2, ending_before: third.data[0]!.id });
    expect(back.data.map((p) => p.id)).toEqual(newestFirst.slice(2, 4));
    expect((await stripe.payouts.list({ status: 'pending', limit: 100 })).data.map((p) => p.id)).toEqual(
      [later[4], later[2], later[0]].map((p) => p!.id),
    );
    expectValid('GetPayouts', first);
  });

  test('a backdated object is listed where its created second puts it', async () => {
    const now = emulator.create('dispute', 1)[0]!;
    emulator.clock.freeze(1_600_000_000);
    const old = emulator.create('dispute', 1)[0]!;
    emulator.clock.resume();
    const page = await stripe.disputes.list();
    expect(page.data.map((d) => d.id)).toEqual([now.id, old.id]);
    expectValid('GetDisputes', page);
  });

  test('every list the Stripe source reads answers as the spec says', async () => {
    emulator.create('subscription', 1, () => ({ status: 'active' }));
    emulator.create('coupon', 1);
    emulator.create('plan', 1);
    emulator.create('transfer', 1);
    emulator.create('application_fee', 1);
    const charge = await paidCharge(500, 'eur');
    await stripe.refunds.create({ charge: charge.id, amount: 200 });
    expectValid('GetSubscriptions', await stripe.subscriptions.list());
    expectValid('GetCoupons', await stripe.coupons.list());
    expectValid('GetPlans', await stripe.plans.list());
    expectValid('GetTransfers', await stripe.transfers.list());
    expectValid('GetApplicationFees', await stripe.applicationFees.list());
    expectValid('GetRefunds', await stripe.refunds.list());
    expectValid('GetEvents', await stripe.events.list({ limit: 100 }));
    expect((await stripe.subscriptions.list()).data).toHaveLength(1);
  });
});

describe('the clock', () => {
  test('objects made while the clock is frozen share one created second', async () => {
    emulator.clock.freeze();
    const a = await stripe.customers.create({ email: 'a@example.com' });
    const b = await stripe.customers.create({ email: 'b@example.com' });
    emulator.clock.resume();
    expect(a.created).toBe(b.created);
    const same = await stripe.customers.list({ created: a.created });
    expect(same.data.map((c) => c.id)).toEqual([b.id, a.id]);
  });

  test('the HTTP controls freeze the clock and make objects for a product in another process', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<Record<string, unknown>>,
      );
    expect(await post('clock', { freezeAt: 1_650_000_000 })).toEqual({ now: 1_650_000_000 });
    const made = (await post('objects', { kind: 'charge', count: 3, fields: { currency: 'jpy', amount: 1000 } })) as {
      ids: string[];
    };
    await post('clock', { freezeAt: null });
    const page = await stripe.charges.list({ created: 1_650_000_000 });
    expect(page.data.map((c) => c.id).sort()).toEqual([...made.ids].sort());
    expect(page.data.every((c) => c.currency === 'jpy')).toBe(true);
  });
});

describe('events', () => {
  test('a changed email becomes customer.updated with the previous email', async () => {
    const customer = await stripe.customers.create({ email: 'old@example.com' });
    await stripe.customers.update(customer.id, { email: 'new@example.com' }, { idempotencyKey: 'change-1' });
    const events = await stripe.events.list({ type: 'customer.*' });
    expect(events.data.map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
    expect(events.data[0]).toMatchObject({
      data: { object: { id: customer.id, email: 'new@example.com' }, previous_attributes: { email: 'old@example.com' } },
      request: { idempotency_key: 'change-1' },
      api_version: '2024-04-10',
    });
    expectValid('GetEvents', events);
  });

  test('paying an invoice announces invoice.updated, invoice.paid and the charge', async () => {
    const customer = await stripe.customers.create({ email: 'pay@example.com', payment_method: 'pm_card_visa' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd' });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(invoice.id);
    await stripe.invoices.pay(invoice.id);
    const types = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'charge.succeeded']),
    );
    const paid = await stripe.events.list({ types: ['invoice.paid'] });
    expect(paid.data).toHaveLength(1);
    expect(paid.data[0]!.data).toMatchObject({
      object: { id: invoice.id, status: 'paid' },
      previous_attributes: { status: 'open' },
    });
  });

  test('a refused request leaves no event for what it rolled back', async () => {
    await expect(stripe.customers.create({ email: 'x@example.com', payment_method: 'pm_unknown' })).rejects.toThrow();
    expect((await stripe.events.list()).data).toEqual([]);
  });

  test('a retrieved event is the listed one', async () => {
    await stripe.customers.create({ email: 'one@example.com' });
    const [event] = (await stripe.events.list()).data;
    expect(await stripe.events.retrieve(event!.id)).toEqual(expect.objectContaining({ id: event!.id, type: 'customer.created' }));
  });
});

describe('webhook endpoints', () => {
  let receiver: http.Server;
  let received: Array<{ body: string; signature: string }>;
  let answer: number;

  beforeEach(async () => {
    received = [];
    answer = 200;
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['stripe-signature']) });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const receiverUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/stripe`;

  test('an endpoint gets the events it asked for, signed with the secret shown once', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl(), enabled_events: ['customer.updated'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
    expectValid('PostWebhookEndpoints', endpoint);

    const customer = await stripe.customers.create({ email: 'old@example.com' });
    await stripe.customers.update(customer.id, { email: 'new@example.com' });
    await emulator.webhooks.settled();

    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    expect(JSON.parse(body)).toMatchObject({ type: 'customer.updated', data: { object: { email: 'new@example.com' } } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    const expected = crypto.createHmac('sha256', endpoint.secret!).update(`${t}.${body}`).digest('hex');
    expect(v1).toBe(expected);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    // The client's own check agrees.
    expect(() => stripe.webhooks.constructEvent(body, signature, endpoint.secret!)).not.toThrow();
  });

  test('a receiver that fails is sent the event again', async () => {
    answer = 500;
    await stripe.webhookEndpoints.create({ url: receiverUrl(), enabled_events: ['*'] });
    await stripe.customers.create({ email: 'retry@example.com' });
    await emulator.webhooks.settled();
    answer = 200;
    const deadline = Date.now() + 5000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await emulator.webhooks.settled();
    expect(received.map((r) => JSON.parse(r.body).id as string)).toEqual([expect.any(String), JSON.parse(received[0]!.body).id]);
    expect(emulator.webhooks.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  test('an unknown event type or a URL without a scheme is refused', async () => {
    await expect(
      stripe.webhookEndpoints.create({ url: receiverUrl(), enabled_events: ['invoice.payed' as 'invoice.paid'] }),
    ).rejects.toThrow(/enabled_events\[0\]/);
    await expect(stripe.webhookEndpoints.create({ url: 'example.com/hook', enabled_events: ['*'] })).rejects.toThrow(/scheme/);
  });

  test('a deleted endpoint gets nothing more', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl(), enabled_events: ['*'] });
    expectValid('DeleteWebhookEndpointsWebhookEndpoint', await stripe.webhookEndpoints.del(endpoint.id));
    await stripe.customers.create({ email: 'nobody@example.com' });
    await emulator.webhooks.settled();
    expect(received).toEqual([]);
  });
});

describe('reports', () => {
  test('the upcoming invoice previews pending items; with none it is a 404', async () => {
    const customer = await stripe.customers.create({ email: 'next@example.com' });
    await expect(stripe.invoices.retrieveUpcoming({ customer: customer.id })).rejects.toMatchObject({
      statusCode: 404,
      code: 'invoice_upcoming_none',
    });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1200, currency: 'kwd' });
    const upcoming = await stripe.invoices.retrieveUpcoming({ customer: customer.id });
    expect(upcoming).toMatchObject({ amount_due: 1200, currency: 'kwd', customer: customer.id });
    expectValid('GetInvoicesUpcoming', upcoming);
    expect((await stripe.invoices.list()).data).toEqual([]);
  });

  test('a refund gives back part of a charge and no more than is left', async () => {
    const charge = await paidCharge(1000, 'usd');
    const refund = await stripe.refunds.create({ charge: charge.id, amount: 400 });
    expectValid('PostRefunds', refund);
    await expect(stripe.refunds.create({ charge: charge.id, amount: 700 })).rejects.toMatchObject({ code: 'amount_too_large' });
    expect(await stripe.charges.list()).toMatchObject({ data: [{ amount_refunded: 400, refunded: false }] });
    expect((await stripe.events.list({ type: 'charge.refunded' })).data).toHaveLength(1);
  });
});
