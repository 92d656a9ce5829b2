// A payment received outside Stripe, applied to the customer's open invoices earliest due first.
import { invoiceFor, outcomes, runOnce, startHarness, webhookConnection, type Harness } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const mapping = { customer: '{{email}}', amount: '{{amount}}', currency: '{{currency}}', reference: '{{ref}}' };

async function statusOf(id: string) {
  return (await h.stripe.client().invoices.retrieve(id)).status;
}

test('invoices are paid earliest due first while the amount lasts, out of band, recorded on each', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  // Created in another order than they fall due.
  const dueIn30 = await invoiceFor(h, customer.id, 30000, { daysUntilDue: 30 });
  const dueIn10 = await invoiceFor(h, customer.id, 10000, { daysUntilDue: 10 });
  const dueIn20 = await invoiceFor(h, customer.id, 15000, { daysUntilDue: 20 });
  const inDollars = await invoiceFor(h, customer.id, 500, { daysUntilDue: 1, currency: 'usd' });
  const connectionId = await webhookConnection(h, 'apply-payment-to-invoices', mapping, [
    { email: 'ann@example.com', amount: '300.00', currency: 'eur', ref: 'SEPA 2024-117' },
  ]);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
  expect([
    await statusOf(dueIn10.id),
    await statusOf(dueIn20.id),
    await statusOf(dueIn30.id),
    await statusOf(inDollars.id),
  ]).toEqual(['paid', 'paid', 'open', 'open']);
  const paid = await h.stripe.client().invoices.retrieve(dueIn10.id);
  expect(paid).toMatchObject({
    paid_out_of_band: true,
    metadata: {
      tributary_payment: expect.stringMatching(/^trb_/),
      tributary_payment_applied: '10000',
      tributary_payment_reference: 'SEPA 2024-117',
      tributary_connection: connectionId,
    },
  });
  const [item] = await outcomes(h, run.id);
  expect(item!.result!.output).toEqual({
    paid_invoices: `${dueIn10.id}, ${dueIn20.id}`,
    paid: '250.00 EUR',
    remaining: '50.00 EUR',
  });
  expect(item!.result!.summary).toMatch(
    new RegExp(
      `^Applied 250\\.00 EUR of 300\\.00 EUR from ${customer.id} \\(ann@example\\.com\\) to 2 invoices: ${dueIn10.id} \\(\\w+-0002, 100\\.00 EUR\\), ${dueIn20.id} \\(\\w+-0003, 150\\.00 EUR\\); 50\\.00 EUR remains \\(the next open invoice, ${dueIn30.id} \\(\\w+-0001, 300\\.00 EUR\\), is more than that\\)$`,
    ),
  );
});

test('an amount that pays no invoice in full pays nothing and says so', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  const invoice = await invoiceFor(h, customer.id, 10000, { daysUntilDue: 10 });
  const run = await runOnce(
    h,
    await webhookConnection(h, 'apply-payment-to-invoices', mapping, [
      { email: 'ann@example.com', amount: '99.99', currency: 'eur' },
    ]),
  );
  expect(await statusOf(invoice.id)).toBe('open');
  expect((await outcomes(h, run.id))[0]!.result!.summary).toMatch(/^No invoice paid: .* 99\.99 EUR remains$/);
});

test('invoices without a due date count from when they were created', async () => {
  const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
  const first = await invoiceFor(h, customer.id, 1000);
  const second = await invoiceFor(h, customer.id, 1000, { daysUntilDue: 1 });
  const third = await invoiceFor(h, customer.id, 1000);
  await runOnce(
    h,
    await webhookConnection(h, 'apply-payment-to-invoices', mapping, [
      { email: 'ann@example.com', amount: '20', currency: 'eur' },
    ]),
  );
  expect([await statusOf(first.id), await statusOf(second.id), await statusOf(third.id)]).toEqual(['paid', 'open', 'paid']);
});
