// Changes read from Stripe's events (one item per event) and reports read whole once per run.
import { stripeSourceWorld, type StripeSourceWorld } from './harness';

let world: StripeSourceWorld;

beforeAll(async () => {
  world = await stripeSourceWorld();
});
beforeEach(() => {
  world.stripe.reset();
  world.rows.length = 0;
});
afterAll(() => world.close());

const client = () => world.stripe.client(undefined, { maxNetworkRetries: 0 });

describe('updated objects', () => {
  test('each change of a customer arrives once, keyed by its event, with what it was before', async () => {
    const ann = await client().customers.create({ email: 'ann@old.example.com' });
    const id = await world.connect(
      'updated-object',
      { object: 'customers', startFrom: 'now' },
      { Id: '{{id}}', Email: '{{email}}', Type: '{{previous_attributes.email}}' },
    );
    await client().customers.update(ann.id, { email: 'ann@new.example.com' });
    await client().customers.update(ann.id, { email: 'ann@newer.example.com' });
    await client().customers.create({ email: 'not-a-change@example.com' });

    const first = await world.run(id);

    expect(first).toMatchObject({ status: 'succeeded', itemsSent: 2 });
    expect(first.items.every((item) => item.itemKey.startsWith('evt_'))).toBe(true);
    expect(world.rows).toEqual([
      { Id: ann.id, Email: 'ann@new.example.com', Type: 'ann@old.example.com' },
      { Id: ann.id, Email: 'ann@newer.example.com', Type: 'ann@new.example.com' },
    ]);
    expect((await world.run(id)).itemsTotal).toBe(0);
  });

  test('an invoice moving from open to paid is one change with its status before', async () => {
    const customer = await client().customers.create({ email: 'pay@example.com', payment_method: 'pm_card_visa' });
    await client().invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd' });
    const invoice = await client().invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await client().invoices.finalizeInvoice(invoice.id);
    const id = await world.connect(
      'updated-object',
      { object: 'invoices', startFrom: 'now' },
      { Id: '{{id}}', Type: '{{status}}', Amount: '{{amount_paid_major}}' },
    );
    await client().invoices.pay(invoice.id);

    await world.run(id);

    expect(world.rows).toEqual([{ Id: invoice.id, Type: 'paid', Amount: '15.00' }]);
  });
});

describe('snapshots', () => {
  test('every run adds one balance row keyed by the run', async () => {
    const customer = await client().customers.create({ email: 'b@example.com' });
    await client().paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
      off_session: true,
    });
    const id = await world.connect(
      'snapshot',
      { report: 'balance' },
      { Amount: '{{pending[0].amount_major}}', Currency: '{{pending[0].currency}}' },
    );

    const first = await world.run(id);
    const second = await world.run(id);

    expect([first.itemsSent, second.itemsSent]).toEqual([1, 1]);
    expect(first.items[0]!.itemKey).not.toBe(second.items[0]!.itemKey);
    expect(first.items[0]!.itemKey).toMatch(/^run:/);
    // 20.00 less Stripe's fee, still pending.
    expect(world.rows).toEqual([
      { Amount: '19.42', Currency: 'usd' },
      { Amount: '19.42', Currency: 'usd' },
    ]);
  });

  test('a customer’s upcoming invoice is a row while something is pending, and no row when nothing is', async () => {
    const customer = await client().customers.create({ email: 'next@example.com' });
    const id = await world.connect(
      'snapshot',
      { report: 'upcoming-invoice', customer: customer.id },
      { Amount: '{{amount_due_major}}', Currency: '{{currency}}' },
    );
    expect((await world.run(id)).itemsTotal).toBe(0);
    await client().invoiceItems.create({ customer: customer.id, amount: 1200, currency: 'kwd' });
    expect((await world.run(id)).itemsSent).toBe(1);
    expect(world.rows).toEqual([{ Amount: '1.200', Currency: 'kwd' }]);
  });
});
