import Stripe from 'stripe';
import type { StripeEmulator } from './stripe';
import { useStripeEmulator } from './use-stripe-emulator';

let emulator: StripeEmulator;
useStripeEmulator((started) => ({ emulator } = started));

const customers = { method: 'POST', path: '/v1/customers' };

function noRetries(): Stripe {
  return emulator.client(undefined, { maxNetworkRetries: 0 });
}

async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: Stripe.errors.StripeError) => error,
  );
}

describe('429', () => {
  test('a rate-limit fault reaches the client as StripeRateLimitError with code rate_limit', async () => {
    emulator.faults.failNext(customers, { kind: 'rate-limit', retryAfterSeconds: 7 });
    const error = await failure(noRetries().customers.create({ email: 'a@example.com' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error.code).toBe('rate_limit');
    expect(error.headers?.['retry-after']).toBe('7');
    expect(emulator.list('customer')).toHaveLength(0);
  });

  test('without Stripe-Should-Retry the client does not retry a 429 even when allowed to', async () => {
    emulator.faults.failNext(customers, { kind: 'rate-limit' });
    const error = await failure(
      emulator.client(undefined, { maxNetworkRetries: 2 }).customers.create({ email: 'a@example.com' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(emulator.requests).toHaveLength(1);
  });

  test('with Stripe-Should-Retry: true the client retries and succeeds', async () => {
    emulator.faults.failNext(customers, { kind: 'rate-limit', shouldRetry: true });
    const customer = await emulator.client(undefined, { maxNetworkRetries: 2 }).customers.create({ email: 'a@example.com' });
    expect(customer.email).toBe('a@example.com');
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  test('a per-second rate limit answers the excess with 429 rate_limit', async () => {
    emulator.faults.setRateLimit(5);
    const stripe = noRetries();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => stripe.customers.list({ limit: 1 })));
    const limited = results.filter((r) => r.status === 'rejected');
    expect(results.length - limited.length).toBeGreaterThanOrEqual(5);
    expect(results.length - limited.length).toBeLessThanOrEqual(6);
    for (const result of limited) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    }
  });

  test('the rate limit is per account: a second key has its own second’s worth', async () => {
    emulator.faults.setRateLimit(5);
    const first = noRetries();
    const second = emulator.client('sk_test_second_account_4242', { maxNetworkRetries: 0 });
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => first.customers.list({ limit: 1 })),
      ...Array.from({ length: 5 }, () => second.customers.list({ limit: 1 })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    await expect(first.customers.list({ limit: 1 })).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });
});

describe('500', () => {
  test('a server error reaches a client without retries as StripeAPIError', async () => {
    emulator.faults.failNext(customers, { kind: 'server-error' });
    const error = await failure(noRetries().customers.create({ email: 'a@example.com' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error.statusCode).toBe(500);
  });

  test('a client with retries recovers from one server error and creates one customer', async () => {
    emulator.faults.failNext(customers, { kind: 'server-error' });
    await emulator.client(undefined, { maxNetworkRetries: 1 }).customers.create({ email: 'a@example.com' });
    expect(emulator.list('customer')).toHaveLength(1);
  });
});

test('a refusal answers a 400 request error with its message, as Stripe does for a feature the account lacks', async () => {
  emulator.faults.failNext({ method: 'GET', path: '/v1/customers/search' }, { kind: 'refuse', message: 'Search is off.' });
  const error = await failure(noRetries().customers.search({ query: "email:'a@example.com'" }));
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect([error.statusCode, error.message]).toEqual([400, 'Search is off.']);
  expect((await noRetries().customers.search({ query: "email:'a@example.com'" })).data).toEqual([]);
});

describe('dropped connections', () => {
  // stripe-node retries a reset connection once even with maxNetworkRetries: 0, so two drops.
  test('dropped before the change: StripeConnectionError and nothing created', async () => {
    emulator.faults.failNext(customers, { kind: 'drop-before' }, 2);
    const error = await failure(noRetries().customers.create({ email: 'a@example.com' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(emulator.list('customer')).toHaveLength(0);
  });

  test('dropped after the change: the client sees an error but the customer exists', async () => {
    emulator.faults.failNext(customers, { kind: 'drop-after' }, 2);
    const error = await failure(noRetries().customers.create({ email: 'a@example.com' }, { idempotencyKey: 'row-1' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(emulator.list('customer')).toHaveLength(1);
    expect(emulator.requests[0].applied).toBe(true);
  });

  test('a retrying client reuses its idempotency key after drop-after, so one customer exists', async () => {
    emulator.faults.failNext(customers, { kind: 'drop-after' });
    const customer = await emulator.client(undefined, { maxNetworkRetries: 2 }).customers.create({ email: 'a@example.com' });
    expect(emulator.list('customer').map((c) => c.id)).toEqual([customer.id]);
    expect(emulator.requests[1].replayed).toBe(true);
    expect(emulator.requests[1].idempotencyKey).toBe(emulator.requests[0].idempotencyKey);
  });

  test('without an idempotency key a retried drop-after creates a duplicate, as with real Stripe', async () => {
    emulator.faults.failNext(customers, { kind: 'drop-after' });
    await noRetries().customers.create({ email: 'a@example.com' });
    expect(emulator.list('customer')).toHaveLength(2);
  });
});

describe('latency', () => {
  test('an injected delay holds the reply back by at least that long', async () => {
    emulator.faults.failNext({ path: '/v1/customers' }, { kind: 'latency', ms: 120 });
    const started = Date.now();
    await noRetries().customers.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  test('a global latency applies to every request without serialising them', async () => {
    emulator.faults.setLatency(100);
    const stripe = noRetries();
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, () => stripe.customers.list()));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1000);
  });
});
