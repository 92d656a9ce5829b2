import { connectors } from '../../../connectors';
import type { DeliveredFinder } from '../../../connectors/sdk';
import { noteAttempts } from '../../../engine/runner/attempts';
import { idempotencyKey, itemTag } from '../../../engine/runner/idempotency';
import { claimRun } from '../../../engine/runs/claim';
import { enqueueRun, getRun } from '../../../engine/runs/repository';
import { createWorker } from '../../../engine/worker/worker';
import { itemsOf, runOnce, startHarness, STRIPE_KEY, webhookConnection, type Harness } from './harness';
import { letTimePass, lookUps, lostAnswer, retryLater } from './key-window';

// Issue 15.3: Stripe forgets idempotency keys after 24 hours. An item whose first answer
// was lost and that is sent again a day later must still reach Stripe once: the runner
// looks for the item's tag before re-sending, and only then.
const DAY = 24 * 60 * 60;
const mapping = { email: '{{email}}', name: '{{name}}', 'metadata.plan': '{{plan}}' };
// "create" makes the keys (and the tag) the only thing between a retry and a duplicate.
const alwaysCreate = { onExistingEmail: 'create' };
const ann = { email: 'ann@example.com', name: 'Ann', plan: 'gold' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterEach(async () => {
  await h.close();
});

/** A first run whose only item (Ann, a customer made for her) fails with `fault`. */
const failedFirstRun = (fault: 'drop-after' | 'drop-before') =>
  lostAnswer(h, { action: 'create-customer', mapping, payload: ann, path: '/v1/customers', options: alwaysCreate, fault });

test('an item whose answer was lost and that is retried 25 hours later is found in Stripe, not created again', async () => {
  const { run } = await failedFirstRun('drop-after');
  expect(h.stripe.list('customer')).toHaveLength(1);
  await letTimePass(h, 25 * 60 * 60);
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const [customer] = h.stripe.list('customer');
  expect(h.stripe.list('customer')).toHaveLength(1);
  const [item] = await itemsOf(h, retry.id);
  expect(item).toMatchObject({ status: 'sent', destination_object_id: customer!.id });
  expect(item!.result!.summary).toMatch(/^Found customer cus_\w+ in Stripe, made by an earlier attempt/);
  expect(lookUps(h)).toEqual(['/v1/customers/search']);
  // The ledger has it: the next run skips it without asking Stripe anything.
  expect(await h.database.db('ledger').where({ destination_object_id: customer!.id })).toHaveLength(1);
});

test('without the look-up the same retry would create a second customer (the emulator forgets the key)', async () => {
  const action = connectors.action('stripe', 'create-customer')!;
  const finder = action.findDelivered as DeliveredFinder | undefined;
  action.findDelivered = undefined;
  try {
    const { run } = await failedFirstRun('drop-after');
    await letTimePass(h, 25 * 60 * 60);
    await retryLater(h, run);
    expect(h.stripe.list('customer')).toHaveLength(2);
  } finally {
    action.findDelivered = finder;
  }
});

test('a payment link (no search in Stripe) is found among the listed links, with its URL for the run log', async () => {
  const linkMapping = { amount: '{{amount}}', currency: '{{currency}}', description: '{{what}}' };
  const { run } = await lostAnswer(h, {
    action: 'create-payment-link',
    mapping: linkMapping,
    payload: { amount: 25, currency: 'eur', what: 'Lesson' },
    path: '/v1/payment_links',
  });
  // Links made since, by hand, are newer than ours in Stripe's list.
  const stripe = h.stripe.client(STRIPE_KEY);
  const price = await stripe.prices.create({ currency: 'eur', unit_amount: 900, product_data: { name: 'Other' } });
  for (let i = 0; i < 3; i++) await stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }] });
  await letTimePass(h, 25 * 60 * 60);
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  expect(h.stripe.list('payment_link')).toHaveLength(4);
  const ours = h.stripe.list('payment_link').filter((link) => (link.metadata as Record<string, string>).tributary_item);
  expect(ours).toHaveLength(1);
  const [item] = await itemsOf(h, retry.id);
  expect(item).toMatchObject({ destination_object_id: ours[0]!.id, result: { output: { url: ours[0]!.url } } });
  expect(item!.result!.summary).toMatch(/^Found payment link plink_/);
  expect(lookUps(h)).toEqual(['/v1/payment_links']);
});

test('an invoice item (listed from the first attempt’s date) is found, and its new customer is not made twice', async () => {
  const lineMapping = { customer: '{{email}}', amount: '{{amount}}', currency: 'eur', description: 'Lesson' };
  const { connectionId, run } = await lostAnswer(h, {
    action: 'add-invoice-item',
    mapping: lineMapping,
    payload: { email: 'neo@example.com', amount: 40 },
    path: '/v1/invoiceitems',
    options: { createMissingCustomer: true },
  });
  await letTimePass(h, 25 * 60 * 60);
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const [line] = h.stripe.list('invoiceitem');
  expect(h.stripe.list('invoiceitem')).toHaveLength(1);
  expect(h.stripe.list('customer')).toHaveLength(1);
  // Both objects the item made carry its tag.
  const tag = itemTag(connectionId, (await itemsOf(h, run.id))[0]!.item_key);
  expect([line!.metadata, h.stripe.list('customer')[0]!.metadata]).toEqual([{ tributary_item: tag }, { tributary_item: tag }]);
  expect((await itemsOf(h, retry.id))[0]).toMatchObject({ status: 'sent', destination_object_id: line!.id });
  expect(lookUps(h)).toEqual(['/v1/invoiceitems']);
});

test('within 24 hours the idempotency key alone settles a retry: no search is made', async () => {
  const { run } = await failedFirstRun('drop-after');
  await letTimePass(h, 12 * 60 * 60);
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  expect(h.stripe.list('customer')).toHaveLength(1);
  expect(lookUps(h)).toEqual([]);
  // Stripe replayed the first answer for the same key.
  expect(h.stripe.requests.filter((r) => r.method === 'POST').map((r) => r.idempotencyKey)).toEqual([
    idempotencyKey(run.connection_id, (await itemsOf(h, run.id))[0]!.item_key, 'create-customer'),
  ]);
});

test('an item that never reached Stripe is looked for once, 25 hours later, then created once', async () => {
  const { run } = await failedFirstRun('drop-before');
  expect(h.stripe.list('customer')).toHaveLength(0);
  await letTimePass(h, 25 * 60 * 60);
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  expect(h.stripe.list('customer')).toHaveLength(1);
  expect(lookUps(h)).toEqual(['/v1/customers/search']);
  expect((await itemsOf(h, retry.id))[0]!.result!.summary).toMatch(/^Created customer/);
});

test('normal runs make no look-ups, and a mapped metadata key is kept beside the item’s tag', async () => {
  const people = Array.from({ length: 5 }, (_, i) => ({ email: `p${i}@example.com`, name: `P ${i}`, plan: `plan-${i}` }));
  const connectionId = await webhookConnection(h, 'create-customer', mapping, people, alwaysCreate);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 5 });
  expect(lookUps(h)).toEqual([]);
  const items = await itemsOf(h, run.id);
  const customers = h.stripe.list('customer');
  for (const item of items) {
    const customer = customers.find((c) => c.id === item.destination_object_id)!;
    const plan = people.find((p) => p.email === customer.email)!.plan;
    expect(customer.metadata).toEqual({ plan, tributary_item: itemTag(connectionId, item.item_key) });
  }
  // Every sent item's attempt record is gone with its ledger entry.
  expect(await h.database.db('item_attempts').where({ connection_id: connectionId })).toEqual([]);
});

test('a run whose worker died after sending is taken over a day later without duplicates', async () => {
  const people = Array.from({ length: 6 }, (_, i) => ({ email: `p${i}@example.com`, name: `P ${i}`, plan: 'basic' }));
  const connectionId = await webhookConnection(h, 'create-customer', mapping, people, alwaysCreate);
  const queued = await enqueueRun(h.database.db, { workspaceId: h.workspaceId, connectionId, trigger: 'manual' });
  // Worker A claims the run, notes its items as attempted, sends three, and dies.
  const claimed = await claimRun(h.database.db, 'worker-a', { leaseSeconds: 30, staleSeconds: 3, maxTakeovers: 3 });
  const keys = people.map((_, i) => `delivery:delivery-${i + 1}`);
  await noteAttempts(h.database.db, connectionId, keys);
  const action = connectors.action('stripe', 'create-customer')!;
  for (const [i, person] of people.slice(0, 3).entries()) {
    await action.execute({
      credentials: { secretKey: STRIPE_KEY },
      options: alwaysCreate,
      input: { email: person.email, name: person.name, metadata: { plan: person.plan } },
      idempotencyKey: (step) => idempotencyKey(connectionId, keys[i]!, step),
      itemTag: itemTag(connectionId, keys[i]!),
      context: h.deps.context,
    });
  }
  // A day and an hour later its lease is long gone and another worker takes the run.
  await letTimePass(h, DAY + 3600);
  await h.database
    .db('runs')
    .where({ id: claimed!.id })
    .update({ lease_expires_at: h.database.db.raw("now() - interval '1 second'") });
  h.stripe.requests.length = 0;

  await createWorker(h.deps).drain();

  expect(await getRun(h.database.db, queued!.id)).toMatchObject({ status: 'succeeded', items_sent: 6, attempt: 2 });
  expect(
    h.stripe
      .list('customer')
      .map((c) => c.email)
      .sort(),
  ).toEqual(people.map((p) => p.email));
  const summaries = (await itemsOf(h, queued!.id)).map((item) => item.result!.summary!.split(' ')[0]);
  expect(summaries).toEqual(['Found', 'Found', 'Found', 'Created', 'Created', 'Created']);
  expect(lookUps(h)).toHaveLength(6);
});
