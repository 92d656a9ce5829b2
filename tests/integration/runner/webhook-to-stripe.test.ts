import { itemsOf, runOnce, startHarness, webhookConnection, type Harness } from './harness';

const people = [
  { email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee', city: 'Berlin' },
  { email: 'bob@example.com', first_name: 'Bob', last_name: 'Stone', city: 'Paris' },
  { email: 'cem@example.com', first_name: 'Cem', last_name: 'Kaya', city: 'Izmir' },
];
const customerMapping = {
  email: '{{email}}',
  name: '{{first_name}} {{last_name}}',
  'address.city': '{{city}}',
  'metadata.source': 'webhook',
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

test('every stored payload becomes one Stripe customer with the mapped fields', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', customerMapping, people);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_total: 3, items_sent: 3, items_failed: 0 });
  const customers = h.stripe.list('customer');
  expect(
    customers.map((c) => [c.email, c.name, (c.address as { city: string }).city, (c.metadata as Record<string, string>).source]),
  ).toEqual([
    ['ann@example.com', 'Ann Lee', 'Berlin', 'webhook'],
    ['bob@example.com', 'Bob Stone', 'Paris', 'webhook'],
    ['cem@example.com', 'Cem Kaya', 'Izmir', 'webhook'],
  ]);
  const items = await itemsOf(h, run.id);
  expect(items.map((item) => item.destination_object_id)).toEqual(customers.map((c) => c.id));
});

test('a second run sends nothing again, and new payloads are sent once', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', customerMapping, people.slice(0, 2));
  await runOnce(h, connectionId);
  await h.database
    .db('webhook_inbox')
    .insert({ connection_id: connectionId, delivery_key: 'later-1', payload: JSON.stringify(people[2]) });

  const second = await runOnce(h, connectionId);

  expect(second).toMatchObject({ status: 'succeeded', items_sent: 1 });
  expect(h.stripe.list('customer')).toHaveLength(3);
  expect(await h.database.db('ledger').where({ connection_id: connectionId }).count('* as n')).toEqual([{ n: 3 }]);
});

test('an item whose email cannot be used fails with a message naming the field, and the others are sent', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', customerMapping, [
    people[0]!,
    { ...people[1]!, email: 'bob at example' },
  ]);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'partial', items_sent: 1, items_failed: 1 });
  const failed = (await itemsOf(h, run.id)).find((item) => item.status === 'failed')!;
  expect(String(failed.error?.message)).toMatch(/email/);
  expect(String(failed.error?.message)).toContain('bob at example');
  expect(h.stripe.list('customer')).toHaveLength(1);
});

test('Stripe’s own error and the parameter it names are kept for a failed item', async () => {
  const connectionId = await webhookConnection(
    h,
    'add-invoice-item',
    { customer: '{{customer}}', amount: '{{amount}}', currency: 'eur' },
    [{ customer: 'cus_DoesNotExist', amount: '12.50' }],
  );

  const run = await runOnce(h, connectionId);

  expect(run.status).toBe('partial');
  const [item] = await itemsOf(h, run.id);
  expect(item).toMatchObject({ status: 'failed', attempts: 1 });
  // Stripe answers a reference to a missing object with 400 resource_missing.
  expect(item!.error).toMatchObject({ kind: 'item', param: 'customer', code: 'resource_missing', statusCode: 400 });
  expect(String(item!.error?.message)).toMatch(/No such customer/);
});

test('an amount in major units reaches Stripe in minor units for each kind of currency', async () => {
  const cus = await h.stripe.client(undefined).customers.create({ email: 'payer@example.com' });
  const connectionId = await webhookConnection(
    h,
    'add-invoice-item',
    { customer: '{{customer}}', amount: '{{amount}}', currency: '{{currency}}' },
    [
      { customer: 'payer@example.com', amount: '1,234.50', currency: 'EUR' },
      { customer: cus.id, amount: '1500', currency: 'JPY' },
      { customer: cus.id, amount: '12.340', currency: 'KWD' },
    ],
  );

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 3 });
  const lines = h.stripe.list('invoiceitem').map((ii) => [ii.customer, ii.amount, ii.currency]);
  expect(lines).toEqual(
    expect.arrayContaining([
      [cus.id, 123450, 'eur'],
      [cus.id, 1500, 'jpy'],
      [cus.id, 12340, 'kwd'],
    ]),
  );
  expect(lines).toHaveLength(3);
});

test('a revoked key fails the run with Stripe’s message instead of failing every item', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', customerMapping, people);
  h.stripe.revokeKey('sk_test_runner_4242');

  const run = await runOnce(h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error).toMatchObject({ kind: 'auth' });
  expect(run.error?.message).toMatch(/Invalid API Key/);
  expect(h.stripe.list('customer')).toHaveLength(0);
});
