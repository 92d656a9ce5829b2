import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from './stripe';

let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator();
  stripe = emulator.client(undefined, { maxNetworkRetries: 0 });
});
afterAll(() => emulator.close());

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the request to fail');
}

describe('requests that break the spec get the 400 Stripe gives', () => {
  test('a misspelled parameter is rejected as unknown, naming it', async () => {
    const error = await rejection(stripe.customers.create({ emial: 'ada@example.com' } as Stripe.CustomerCreateParams));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe('emial');
    expect(error.message).toBe('Received unknown parameter: emial');
  });

  test('a misspelled nested parameter is named in bracket form', async () => {
    const params = { address: { cty: 'Paris' } } as unknown as Stripe.CustomerCreateParams;
    const error = await rejection(stripe.customers.create(params));
    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe('address[cty]');
  });

  test('a value outside an enum lists the allowed values', async () => {
    const params = { tax_exempt: 'sometimes' } as unknown as Stripe.CustomerCreateParams;
    const error = await rejection(stripe.customers.create(params));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('tax_exempt');
    expect(error.message).toBe('Invalid tax_exempt: must be one of exempt, none, or reverse');
  });

  test('a non-integer amount is an invalid integer, so amounts stay in minor units', async () => {
    const customer = await stripe.customers.create({ email: 'amount@example.com' });
    const error = await rejection(stripe.invoiceItems.create({ customer: customer.id, amount: 12.5, currency: 'usd' }));
    expect(error.code).toBe('parameter_invalid_integer');
    expect(error.param).toBe('amount');
    expect(error.message).toBe('Invalid integer: 12.5');
    expect(emulator.list('invoiceitem')).toHaveLength(0);
  });

  test('a string longer than the spec allows is rejected with the limit', async () => {
    const error = await rejection(stripe.customers.create({ email: `${'a'.repeat(510)}@example.com` }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('email');
    expect(error.message).toMatch(/must be at most 512 characters$/);
  });

  test('a missing required parameter is named', async () => {
    const error = await rejection(stripe.invoiceItems.create({ amount: 100 } as Stripe.InvoiceItemCreateParams));
    expect(error.code).toBe('parameter_missing');
    expect(error.param).toBe('customer');
    expect(error.message).toBe('Missing required param: customer.');
  });

  test('an empty string for a parameter that cannot be unset is rejected', async () => {
    const error = await rejection(stripe.customers.create({ email: '' }));
    expect(error.code).toBe('parameter_invalid_empty');
    expect(error.param).toBe('email');
  });

  test('an empty string unsets an emptyable parameter', async () => {
    const customer = await stripe.customers.create({ metadata: { plan: 'pro', region: 'eu' }, address: { city: 'Paris' } });
    const updated = await stripe.customers.update(customer.id, { metadata: { plan: '' }, address: '' });
    expect(updated.metadata).toEqual({ region: 'eu' });
    expect(updated.address).toBeNull();
  });
});

describe('keys, paths and versions', () => {
  test('a request without a key gets 401', async () => {
    const response = await fetch(`${emulator.url}/v1/customers`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  test('a malformed key is an authentication error that masks the key', async () => {
    const error = await rejection(emulator.client('sk_test_short', { maxNetworkRetries: 0 }).customers.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.message).toBe('Invalid API Key provided: sk_test_*hort');
  });

  test('a revoked key is refused while other keys keep working', async () => {
    emulator.revokeKey('sk_test_revoked_12341234');
    const error = await rejection(emulator.client('sk_test_revoked_12341234', { maxNetworkRetries: 0 }).customers.list());
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('Invalid API Key provided: sk_test_************1234');
    await expect(stripe.customers.list()).resolves.toHaveProperty('object', 'list');
  });

  test('an unknown path is a 404 in Stripe shape', async () => {
    const response = await fetch(`${emulator.url}/v1/customerz`, { headers: { Authorization: 'Bearer sk_test_emulator_4242' } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('Unrecognized request URL (GET: /v1/customerz)');
  });

  test('an unknown id in the URL is a 404 resource_missing', async () => {
    const error = await rejection(stripe.customers.retrieve('cus_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.message).toBe("No such customer: 'cus_doesnotexist'");
  });

  test('a client pinned to another API version is refused', async () => {
    const other = new Stripe('sk_test_emulator_4242', {
      apiVersion: '2023-10-16' as Stripe.LatestApiVersion,
      host: emulator.host,
      port: emulator.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const error = await rejection(other.customers.list());
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("asked for '2023-10-16'");
  });
});
