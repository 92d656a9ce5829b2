import { itemsOf, startHarness, type Harness } from './harness';
import { letTimePass, lookUps, lostAnswer, retryLater } from './key-window';

// Issue 15.3: Stripe's Search API is not offered to every account. Where Stripe refuses
// to search, the look-up before a late re-send lists the objects made since the first
// attempt instead; where even that cannot settle it, the item fails and is not sent twice.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterEach(async () => {
  await h.close();
});

const mapping = { email: '{{email}}', name: '{{name}}' };
const ann = { email: 'ann@example.com', name: 'Ann' };
const customerLost = (fault: 'drop-after' | 'drop-before') =>
  lostAnswer(h, {
    action: 'create-customer',
    mapping,
    payload: ann,
    path: '/v1/customers',
    options: { onExistingEmail: 'create' },
    fault,
  });
const searchRefused = () =>
  h.stripe.faults.failNext(
    { method: 'GET', path: '/v1/customers/search' },
    { kind: 'refuse', message: 'Search is not available for this account.' },
  );

test('where Stripe refuses to search, the customer is found among those made since the first attempt', async () => {
  const { run } = await customerLost('drop-after');
  await letTimePass(h, 25 * 60 * 60);
  // Customers made since, by hand, come before ours in the list.
  h.stripe.create('customer', 150);
  searchRefused();
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const ours = h.stripe.list('customer').filter((c) => c.email === ann.email);
  expect(ours).toHaveLength(1);
  const [item] = await itemsOf(h, retry.id);
  expect(item).toMatchObject({ status: 'sent', destination_object_id: ours[0]!.id });
  expect(item!.result!.summary).toMatch(/^Found customer cus_\w+ in Stripe, made by an earlier attempt/);
  expect(lookUps(h)).toEqual(['/v1/customers/search', '/v1/customers', '/v1/customers']);
});

test('an item the look-up cannot settle (no search, over 1,000 customers since) fails as unverified and is not sent', async () => {
  const { run } = await customerLost('drop-before');
  await letTimePass(h, 25 * 60 * 60);
  h.stripe.create('customer', 1001);
  searchRefused();
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ items_failed: 1, items_sent: 0 });
  expect(h.stripe.requests.filter((r) => r.method === 'POST')).toEqual([]);
  const [item] = await itemsOf(h, retry.id);
  expect(item!.error).toMatchObject({ kind: 'item', code: 'could_not_verify' });
  expect(item!.error!.message).toMatch(
    /^Could not verify whether an earlier attempt at this item.*more than 1000 customers were made since \(and Stripe refused to search them\).*not sent/,
  );
  expect(item!.error!.message).toContain('tributary_item = trb_');
});
