import Stripe from 'stripe';
import { type StripeEmulator } from './stripe';
import { useStripeEmulator } from './use-stripe-emulator';

let emulator: StripeEmulator;
let stripe: Stripe;
useStripeEmulator((started) => ({ emulator, stripe } = started));

async function waitForRequests(count: number): Promise<void> {
  while (emulator.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
}

test('repeating a create with the same key and parameters returns the first object and creates one', async () => {
  const first = await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-1' });
  const again = await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-1' });
  expect(again.id).toBe(first.id);
  expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
  expect(emulator.list('customer')).toHaveLength(1);
  expect(emulator.requests.map((r) => r.replayed)).toEqual([false, true]);
});

test('an error from a running endpoint is replayed too', async () => {
  const params = { customer: 'cus_missing', amount: 100, currency: 'usd' };
  const first = await stripe.invoiceItems.create(params, { idempotencyKey: 'row-2' }).catch((e: Stripe.errors.StripeError) => e);
  const again = await stripe.invoiceItems.create(params, { idempotencyKey: 'row-2' }).catch((e: Stripe.errors.StripeError) => e);
  expect(first).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect((again as Stripe.errors.StripeError).message).toBe("No such customer: 'cus_missing'");
  expect(emulator.requests[1].replayed).toBe(true);
});

test('reusing a key with different parameters is an idempotency_error and creates nothing', async () => {
  await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-3' });
  const error = await stripe.customers
    .create({ email: 'grace@example.com' }, { idempotencyKey: 'row-3' })
    .catch((e: Stripe.errors.StripeError) => e);
  expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
  expect((error as Stripe.errors.StripeError).type).toBe('StripeIdempotencyError');
  expect(emulator.list('customer')).toHaveLength(1);
});

test('a request whose key is still in flight gets 409 and the first one still completes once', async () => {
  emulator.faults.failNext({ method: 'POST', path: '/v1/customers' }, { kind: 'latency', ms: 300 });
  const slow = stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-4' });
  await waitForRequests(1);
  const error = await stripe.customers
    .create({ email: 'ada@example.com' }, { idempotencyKey: 'row-4' })
    .catch((e: Stripe.errors.StripeError) => e);
  expect((error as Stripe.errors.StripeError).statusCode).toBe(409);
  expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  await expect(slow).resolves.toHaveProperty('email', 'ada@example.com');
  expect(emulator.list('customer')).toHaveLength(1);
});

test('a validation error leaves the key free for a corrected request', async () => {
  const bad = { emial: 'ada@example.com' } as Stripe.CustomerCreateParams;
  await expect(stripe.customers.create(bad, { idempotencyKey: 'row-5' })).rejects.toThrow('Received unknown parameter');
  const good = await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-5' });
  expect(good.email).toBe('ada@example.com');
});

test('a key is still replayed 23 hours later, and forgotten after 24 hours: the same create then makes a second object, as in Stripe', async () => {
  const first = await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-day' });
  emulator.clock.advance(23 * 3600);
  const sameDay = await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-day' });
  emulator.clock.advance(3600);
  const nextDay = await stripe.customers.create({ email: 'ada@example.com' }, { idempotencyKey: 'row-day' });

  expect(sameDay.id).toBe(first.id);
  expect(nextDay.id).not.toBe(first.id);
  expect(nextDay.created - first.created).toBeGreaterThanOrEqual(24 * 3600);
  expect(emulator.list('customer')).toHaveLength(2);
});
