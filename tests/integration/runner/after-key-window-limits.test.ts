import { itemTag } from '../../../engine/runner/idempotency';
import { itemsOf, runOnce, startHarness, STRIPE_KEY, webhookConnection, type Harness } from './harness';

// Issue 15.3: where the item's tag meets Stripe's limits. Stripe keeps at most 50
// metadata keys on an object; the product adds its own (tributary_item, and
// tributary_connection on some objects), and must neither drop a person's key nor send
// an object Stripe would refuse.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterEach(async () => {
  await h.close();
});

const posts = () => h.stripe.requests.filter((r) => r.method === 'POST');

/** A create-customer mapping with `count` metadata keys, and a payload filling them. */
function withMetadataKeys(count: number) {
  const mapping: Record<string, string> = { email: '{{email}}' };
  const payload: Record<string, string> = { email: 'many@example.com' };
  for (let i = 1; i <= count; i++) {
    mapping[`metadata.field_${i}`] = `{{f${i}}}`;
    payload[`f${i}`] = `value ${i}`;
  }
  return { mapping, payload };
}

test('an item mapping 49 metadata keys fails before anything is sent, with an error naming Stripe’s limit', async () => {
  const { mapping, payload } = withMetadataKeys(49);
  const connectionId = await webhookConnection(h, 'create-customer', mapping, [payload]);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ items_failed: 1, items_sent: 0 });
  expect(posts()).toEqual([]);
  const [item] = await itemsOf(h, run.id);
  expect(item!.error).toMatchObject({ kind: 'item', param: 'metadata' });
  expect(item!.error!.message).toMatch(
    /^metadata: 49 keys are mapped, but Stripe keeps at most 50 .* Map at most 48 metadata keys/,
  );
});

test('an item mapping 48 metadata keys is sent with every one of them and its tag', async () => {
  const { mapping, payload } = withMetadataKeys(48);
  const connectionId = await webhookConnection(h, 'create-customer', mapping, [payload]);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const [customer] = h.stripe.list('customer');
  const metadata = customer!.metadata as Record<string, string>;
  expect(Object.keys(metadata)).toHaveLength(49);
  expect(metadata.field_48).toBe('value 48');
  expect(metadata.tributary_item).toBe(itemTag(connectionId, (await itemsOf(h, run.id))[0]!.item_key));
});

test('the emulator refuses an object with more than 50 metadata keys, as Stripe does', async () => {
  const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));

  const refused = h.stripe.client(STRIPE_KEY).customers.create({ email: 'x@example.com', metadata });

  await expect(refused).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'metadata' });
  expect(h.stripe.list('customer')).toEqual([]);
});
