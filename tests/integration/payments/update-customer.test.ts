import { outcomes, runOnce, startHarness, webhookConnection, writes, type Harness } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const mapping = {
  customer: '{{email}}',
  name: '{{name}}',
  phone: '{{phone}}',
  'address.city': '{{city}}',
  'metadata.plan': '{{plan}}',
};

async function existingCustomer() {
  return h.stripe.client().customers.create({
    email: 'ann@example.com',
    name: 'Ann',
    phone: '+4930111',
    description: 'VIP',
    address: { line1: 'Hauptstr. 1', city: 'Berlin', country: 'DE' },
    metadata: { plan: 'basic', source: 'shop' },
  });
}

test('only the mapped fields change, metadata keys merge, and the change is tagged with the connection', async () => {
  const before = await existingCustomer();
  const connectionId = await webhookConnection(h, 'update-customer', mapping, [
    { email: 'ann@example.com', name: 'Ann Lee', phone: '+4930111', city: 'Hamburg', plan: 'pro' },
  ]);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const [after] = h.stripe.list('customer');
  expect(after).toMatchObject({
    id: before.id,
    email: 'ann@example.com',
    name: 'Ann Lee',
    phone: '+4930111',
    description: 'VIP',
    address: expect.objectContaining({ line1: 'Hauptstr. 1', city: 'Hamburg', country: 'DE' }),
    metadata: { plan: 'pro', source: 'shop', tributary_connection: connectionId },
  });
  const [outcome] = await outcomes(h, run.id);
  expect(outcome!.destination_object_id).toBe(before.id);
  expect(outcome!.result?.summary).toBe(`Updated customer ${before.id} (ann@example.com): name, address.city, metadata.plan`);
});

test('an empty mapped value leaves the field alone, unless clearing is chosen', async () => {
  await existingCustomer();
  const payload = [{ email: 'ann@example.com', name: 'Ann Lee', phone: '', city: '', plan: '' }];
  const keep = await webhookConnection(h, 'update-customer', mapping, payload);
  await runOnce(h, keep);
  expect(h.stripe.list('customer')[0]).toMatchObject({
    name: 'Ann Lee',
    phone: '+4930111',
    address: expect.objectContaining({ city: 'Berlin' }),
    metadata: expect.objectContaining({ plan: 'basic' }),
  });

  const clear = await webhookConnection(h, 'update-customer', mapping, payload, { clearWhenEmpty: true });
  await runOnce(h, clear);

  const [after] = h.stripe.list('customer');
  // Stripe cannot unset a customer's phone; metadata keys and address fields it can.
  expect(after).toMatchObject({ phone: '+4930111', address: expect.objectContaining({ line1: 'Hauptstr. 1', city: null }) });
  expect(after!.metadata).toEqual({ source: 'shop', tributary_connection: clear });
});

test('an update that changes nothing is not sent, so a Stripe -> sheet -> Stripe pair does not echo', async () => {
  await existingCustomer();
  // What a sheet fed from Stripe would hold after the first update came back to it.
  const row = { email: 'ann@example.com', name: 'Ann Lee', phone: '+4930111', city: 'Berlin', plan: 'pro' };
  const connectionId = await webhookConnection(h, 'update-customer', mapping, [row]);
  await runOnce(h, connectionId);
  const afterFirst = writes(h).length;

  const echo = await webhookConnection(h, 'update-customer', mapping, [row]);
  const second = await runOnce(h, echo);

  expect(writes(h)).toHaveLength(afterFirst);
  expect(second).toMatchObject({ status: 'succeeded', items_sent: 0, items_skipped: 1 });
  const [outcome] = await outcomes(h, second.id);
  expect(outcome!.result?.summary).toMatch(/^Not sent: customer cus_\w+ \(ann@example\.com\) already has these values$/);
  expect(h.stripe.list('customer')[0]!.metadata).toMatchObject({ tributary_connection: connectionId });
});

test('a customer that is not found fails the item, is skipped, or is created, as the connection says', async () => {
  const payload = [{ email: 'new@example.com', name: 'Neo' }];
  const small = { customer: '{{email}}', name: '{{name}}' };
  const failing = await runOnce(h, await webhookConnection(h, 'update-customer', small, payload));
  expect((await outcomes(h, failing.id))[0]).toMatchObject({
    status: 'failed',
    error: { message: expect.stringMatching(/^customer: no Stripe customer has the email new@example\.com\. Check the value/) },
  });

  const skipping = await runOnce(h, await webhookConnection(h, 'update-customer', small, payload, { whenNotFound: 'skip' }));
  expect(skipping).toMatchObject({ status: 'succeeded', items_skipped: 1 });
  expect(h.stripe.list('customer')).toHaveLength(0);

  const creating = await webhookConnection(h, 'update-customer', small, payload, { whenNotFound: 'create' });
  await runOnce(h, creating);
  expect(h.stripe.list('customer')).toEqual([
    expect.objectContaining({
      email: 'new@example.com',
      name: 'Neo',
      // Created for the item: tagged with it too (issue 15.3).
      metadata: { tributary_connection: creating, tributary_item: expect.stringMatching(/^trb_/) },
    }),
  ]);
});

test('a customer id that does not exist is never "created" under another id', async () => {
  const connectionId = await webhookConnection(
    h,
    'update-customer',
    { customer: '{{id}}', name: '{{name}}' },
    [{ id: 'cus_Gone123', name: 'X' }],
    {
      whenNotFound: 'create',
    },
  );
  const run = await runOnce(h, connectionId);
  expect(String((await outcomes(h, run.id))[0]!.error?.message)).toMatch(
    /there is no customer cus_Gone123 in this Stripe account.*only be created from an email/,
  );
  expect(h.stripe.list('customer')).toHaveLength(0);
});
