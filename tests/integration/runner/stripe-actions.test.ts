import { itemsOf, runOnce, startHarness, webhookConnection, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

test('create-invoice gathers the customer’s pending items into an invoice and can finalize it', async () => {
  const stripe = h.stripe.client();
  const customer = await stripe.customers.create({ email: 'billing@example.com' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 1250, currency: 'eur' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 750, currency: 'eur' });
  const connectionId = await webhookConnection(
    h,
    'create-invoice',
    { customer: '{{email}}', description: 'Order {{order}}', 'metadata.order': '{{order}}' },
    [{ email: 'billing@example.com', order: 'A-17' }],
    { finalize: true },
  );

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const [invoice] = h.stripe.list('invoice');
  expect(invoice).toMatchObject({
    customer: customer.id,
    status: 'open',
    total: 2000,
    description: 'Order A-17',
    metadata: { order: 'A-17' },
  });
  expect((await itemsOf(h, run.id))[0]!.destination_object_id).toBe(invoice!.id);
});

test('create-invoice makes one invoice per currency of the pending items and leaves none behind', async () => {
  const stripe = h.stripe.client();
  const customer = await stripe.customers.create({ email: 'kenji@example.com' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 5000, currency: 'jpy' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 1999, currency: 'usd' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd' });
  const connectionId = await webhookConnection(h, 'create-invoice', { customer: '{{email}}' }, [{ email: 'kenji@example.com' }]);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const invoices = h.stripe.list('invoice');
  expect(invoices.map((invoice) => [invoice.currency, invoice.total]).sort()).toEqual([
    ['jpy', 5000],
    ['usd', 2000],
  ]);
  expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);
  // The run log names every invoice the item made.
  const [item] = await itemsOf(h, run.id);
  const [jpy, usd] = [...invoices].sort((a, b) => String(a.currency).localeCompare(String(b.currency)));
  expect(item!.destination_object_id).toBe(jpy!.id);
  expect(item!.result).toMatchObject({
    summary: `Created draft invoices ${jpy!.id} (JPY), ${usd!.id} (USD) for ${customer.id}`,
  });
});

test('create-invoice for a customer with no pending items skips the item with a note, or fails it when the connection says so', async () => {
  await h.stripe.client().customers.create({ email: 'idle@example.com' });
  const payloads = [{ email: 'idle@example.com' }];
  const skipping = await webhookConnection(h, 'create-invoice', { customer: '{{email}}' }, payloads);
  const failing = await webhookConnection(h, 'create-invoice', { customer: '{{email}}' }, payloads, {
    whenNoPendingItems: 'fail',
  });

  const skipped = await runOnce(h, skipping);
  const failed = await runOnce(h, failing);

  expect(h.stripe.list('invoice')).toEqual([]);
  expect(skipped).toMatchObject({ status: 'succeeded', items_sent: 0, items_skipped: 1, items_failed: 0 });
  expect((await itemsOf(h, skipped.id))[0]).toMatchObject({
    status: 'skipped',
    result: {
      summary: expect.stringMatching(/^No invoice created: customer cus_\w+ has no pending invoice items\.$/),
    },
  });
  expect(failed).toMatchObject({ status: 'partial', items_failed: 1 });
  expect((await itemsOf(h, failed.id))[0]).toMatchObject({
    status: 'failed',
    error: { message: expect.stringMatching(/has no pending invoice items, so no invoice was created/) },
  });
});

test('an invoice for an unknown email fails clearly unless creating the customer is turned on', async () => {
  const payloads = [{ email: 'new@example.com' }];
  const refusing = await webhookConnection(h, 'create-invoice', { customer: '{{email}}' }, payloads);
  const refused = await runOnce(h, refusing);
  expect(refused.status).toBe('partial');
  expect(String((await itemsOf(h, refused.id))[0]!.error?.message)).toMatch(/no Stripe customer has the email new@example.com/);

  // A new customer has no pending items: an empty draft is what the connection asks for.
  const creating = await webhookConnection(h, 'create-invoice', { customer: '{{email}}' }, payloads, {
    createMissingCustomer: true,
    includePendingItems: false,
  });
  const sent = await runOnce(h, creating);

  expect(sent.status).toBe('succeeded');
  const [created] = h.stripe.list('customer');
  expect(created).toMatchObject({ email: 'new@example.com' });
  expect(h.stripe.list('invoice')[0]).toMatchObject({ customer: created!.id, status: 'draft' });
});

test('create-customer reuses or updates the customer that already has the email, as the connection says', async () => {
  const existing = await h.stripe.client().customers.create({ email: 'ann@example.com', name: 'Ann' });
  const payload = [{ email: 'ann@example.com', name: 'Ann Lee-Smith' }];
  const reuse = await webhookConnection(h, 'create-customer', { email: '{{email}}', name: '{{name}}' }, payload);
  const update = await webhookConnection(h, 'create-customer', { email: '{{email}}', name: '{{name}}' }, payload, {
    onExistingEmail: 'update',
  });

  const reused = await runOnce(h, reuse);
  expect(h.stripe.list('customer')).toEqual([expect.objectContaining({ id: existing.id, name: 'Ann' })]);
  const updated = await runOnce(h, update);

  expect(h.stripe.list('customer')).toEqual([expect.objectContaining({ id: existing.id, name: 'Ann Lee-Smith' })]);
  expect((await itemsOf(h, reused.id))[0]!.destination_object_id).toBe(existing.id);
  expect((await itemsOf(h, updated.id))[0]!.destination_object_id).toBe(existing.id);
});

test('an amount with more decimals than its currency allows, a negative amount and an unknown currency each fail the item by name', async () => {
  const connectionId = await webhookConnection(
    h,
    'add-invoice-item',
    { customer: 'cus_any', amount: '{{amount}}', currency: '{{currency}}' },
    [
      { amount: '12.345', currency: 'eur' },
      { amount: '-5', currency: 'eur' },
      { amount: '10', currency: 'xyz' },
      { amount: '100.5', currency: 'jpy' },
    ],
  );

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'partial', items_failed: 4, items_sent: 0 });
  const messages = (await itemsOf(h, run.id)).map((item) => String(item.error?.message));
  expect(messages).toHaveLength(4);
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/amount.*12\.345.*EUR/),
      expect.stringMatching(/amount.*-5/),
      expect.stringMatching(/currency.*xyz/i),
      expect.stringMatching(/amount.*100\.5.*JPY/),
    ]),
  );
  expect(h.stripe.requests).toHaveLength(0);
});
