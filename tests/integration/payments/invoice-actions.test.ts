// Finalize, send, pay and void invoices from webhook payloads, by invoice id or by the
// customer's latest invoice; every wrong state is an item error that names the state.
import { createWorker } from '../../../engine/worker/worker';
import { getRun } from '../../../engine/runs/repository';
import { retryFailedItems } from '../../../engine/runs/service';
import { ownerActor } from '../../support/actor';
import {
  customerWithCard,
  invoiceFor,
  outcomes,
  runOnce,
  startHarness,
  webhookConnection,
  writes,
  type Harness,
} from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const byInvoice = { invoice: '{{invoice}}' };

async function act(action: string, payloads: Record<string, string>[], options = {}) {
  const run = await runOnce(h, await webhookConnection(h, action, byInvoice, payloads, options));
  return { run, items: await outcomes(h, run.id) };
}

test('finalize-invoice finalizes the customer’s latest draft, found by email', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  const older = await invoiceFor(h, customer.id, 1000, { draft: true });
  const newer = await invoiceFor(h, customer.id, 4200, { draft: true });

  const { run, items } = await act('finalize-invoice', [{ invoice: 'ann@example.com' }]);

  expect(run.status).toBe('succeeded');
  const invoices = h.stripe.client().invoices;
  expect((await invoices.retrieve(newer.id)).status).toBe('open');
  expect((await invoices.retrieve(older.id)).status).toBe('draft');
  expect(items[0]!.result).toMatchObject({
    summary: expect.stringMatching(new RegExp(`^Finalized invoice ${newer.id} \\(\\w+-0001, 42\\.00 EUR\\); it is now open$`)),
    output: { status: 'open', number: expect.stringMatching(/-0001$/), hosted_invoice_url: expect.stringMatching(/^https:/) },
  });
});

test('an invoice in the wrong state fails its item with a message naming the state', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  const open = await invoiceFor(h, customer.id, 1000);
  const paid = await invoiceFor(h, customer.id, 2000);
  await h.stripe.client().invoices.pay(paid.id, { paid_out_of_band: true });

  const finalized = await act('finalize-invoice', [{ invoice: open.id }]);
  const voided = await act('void-invoice', [{ invoice: paid.id }]);
  const byEmail = await act('finalize-invoice', [{ invoice: 'ann@example.com' }]);

  expect(finalized.items[0]!.error?.message).toBe(
    `invoice: ${open.id} is open, so it cannot be finalized; only a draft invoice can be.`,
  );
  expect(voided.items[0]!.error?.message).toBe(
    `invoice: ${paid.id} is paid, so it cannot be voided; only a open or uncollectible invoice can be.`,
  );
  expect(byEmail.items[0]!.error?.message).toBe(
    `invoice: customer ${customer.id} (ann@example.com) has no draft invoice. Their latest invoice, ${paid.id}, is paid.`,
  );
  expect(writes(h)).toEqual([]);
});

test('send-invoice emails a send_invoice invoice and refuses one that is charged automatically', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  const emailed = await invoiceFor(h, customer.id, 1500, { draft: true, daysUntilDue: 14 });
  const automatic = await invoiceFor(h, customer.id, 1500);

  const { items } = await act('send-invoice', [{ invoice: emailed.id }, { invoice: automatic.id }]);

  expect(items.map((i) => i.status)).toEqual(['sent', 'failed']);
  expect((await h.stripe.client().invoices.retrieve(emailed.id)).status).toBe('open');
  expect(items[1]!.error?.message).toMatch(/is charged automatically \(collection method charge_automatically\)/);
});

test('void-invoice voids the customer’s latest open invoice', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  const invoice = await invoiceFor(h, customer.id, 990);
  const { run } = await act('void-invoice', [{ invoice: customer.id }]);
  expect(run.status).toBe('succeeded');
  expect((await h.stripe.client().invoices.retrieve(invoice.id)).status).toBe('void');
});

describe('pay-invoice', () => {
  test('charges the customer’s default card', async () => {
    const customer = await customerWithCard(h, 'visa');
    const invoice = await invoiceFor(h, customer.id, 4200);
    const { run, items } = await act('pay-invoice', [{ invoice: 'ann@example.com' }]);
    expect(run.status).toBe('succeeded');
    expect(await h.stripe.client().invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 4200 });
    expect(items[0]!.result?.summary).toMatch(/^Paid invoice in_\w+ \(\w+-0001, 42\.00 EUR\); it is now paid$/);
  });

  test('a declined card shows Stripe’s decline code and message, and what to do', async () => {
    const customer = await customerWithCard(h, 'chargeDeclinedInsufficientFunds');
    const invoice = await invoiceFor(h, customer.id, 4200);
    const { items } = await act('pay-invoice', [{ invoice: invoice.id }]);
    expect(items[0]).toMatchObject({
      status: 'failed',
      error: {
        message: `The payment of invoice ${invoice.id} was declined: Your card has insufficient funds. (decline code: insufficient_funds). Ask the customer to update their card, or send them a payment link instead.`,
        code: 'card_declined',
        declineCode: 'insufficient_funds',
      },
    });
    expect((await h.stripe.client().invoices.retrieve(invoice.id)).status).toBe('open');
  });

  test('a card that needs 3-D Secure is an item failure that says to send a payment page', async () => {
    const customer = await customerWithCard(h, 'authenticationRequired');
    const invoice = await invoiceFor(h, customer.id, 4200);
    const { items } = await act('pay-invoice', [{ invoice: invoice.id }]);
    expect(items[0]!.error?.message).toMatch(/needs the customer to confirm it with their bank \(3-D Secure\).*payment link/);
  });

  test('a customer without a payment method fails clearly; paid out of band needs none', async () => {
    const customer = await h.stripe.client().customers.create({ email: 'cash@example.com' });
    const invoice = await invoiceFor(h, customer.id, 700);
    const charged = await act('pay-invoice', [{ invoice: invoice.id }]);
    expect(charged.items[0]!.error?.message).toBe(
      `customer: ${customer.id} (cash@example.com) has no default payment method, so there is nothing to charge for invoice ${invoice.id}. Add a card in Stripe and make it the default, or send them a payment link instead.`,
    );

    const outOfBand = await act('pay-invoice', [{ invoice: invoice.id }], { paidOutOfBand: true });
    expect(outOfBand.run.status).toBe('succeeded');
    expect(await h.stripe.client().invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', paid_out_of_band: true });
  });

  test('retried from the run log after the customer fixed their card, a declined payment is tried again', async () => {
    const customer = await customerWithCard(h, 'chargeDeclinedInsufficientFunds');
    const invoice = await invoiceFor(h, customer.id, 4200);
    const connectionId = await webhookConnection(h, 'pay-invoice', byInvoice, [{ invoice: invoice.id }]);
    const first = await runOnce(h, connectionId);
    expect(first.status).toBe('partial');

    const stripe = h.stripe.client();
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const retry = await retryFailedItems({
      db: h.database.db,
      actor: await ownerActor(h.database.db, h.workspaceId),
      runId: first.id,
    });
    await createWorker(h.deps).drain();

    expect(await getRun(h.database.db, retry!.id)).toMatchObject({ status: 'succeeded', items_sent: 1 });
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', attempt_count: 2 });
  });
});
