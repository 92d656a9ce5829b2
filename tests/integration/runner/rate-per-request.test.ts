import { insertAccount, insertConnection, insertDeliveries } from '../../support/fixtures';
import { peakPerSecond } from '../../support/request-windows';
import { runOnce, startHarness, type Harness } from './harness';

// Issue 10.4: the account's rate counts every request to Stripe, not every item. A test
// key's default is Stripe's own test-mode limit, 25 requests a second; the emulator
// enforces the same limit, so a single request over it would show up as a 429.
const TEST_MODE_LIMIT = 25;

let h: Harness;
let accountId: string;
beforeEach(async () => {
  h = await startHarness();
  h.stripe.faults.setRateLimit(TEST_MODE_LIMIT);
  accountId = await insertAccount(h.database.db, h.workspaceId, 'stripe', { secretKey: 'sk_test_rate_per_request_4242' });
});
afterEach(async () => {
  await h.close();
});

async function connectionWith(action: string, mapping: Record<string, string>, options: Record<string, unknown>, count: number) {
  const connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'stripe',
    destination_action: action,
    destination_account_id: accountId,
    destination_options: options,
    mapping,
  });
  await insertDeliveries(
    h.database.db,
    connectionId,
    Array.from({ length: count }, (_, i) => ({ email: `buyer${i}@example.com`, amount: '12.50' })),
  );
  return connectionId;
}

function requestsSeen() {
  const requests = h.stripe.requests.filter((request) => request.apiKey === 'sk_test_rate_per_request_4242');
  return {
    count: requests.length,
    peak: peakPerSecond(requests.map((request) => request.time)),
    throttled: requests.filter((request) => request.status === 429).length,
  };
}

test('Create Customer that reuses by email (a look-up and a create per item) stays within 25 requests in any second', async () => {
  const connectionId = await connectionWith('create-customer', { email: '{{email}}' }, { onExistingEmail: 'reuse' }, 40);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 40 });
  const seen = requestsSeen();
  expect(seen.count).toBe(80);
  expect(seen.throttled).toBe(0);
  expect(seen.peak).toBeLessThanOrEqual(TEST_MODE_LIMIT);
});

test('Add Invoice Item that creates the missing customer (three requests per item) stays within 25 requests in any second', async () => {
  const connectionId = await connectionWith(
    'add-invoice-item',
    { customer: '{{email}}', amount: '{{amount}}', currency: 'eur' },
    { createMissingCustomer: true },
    30,
  );

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 30 });
  const seen = requestsSeen();
  expect(seen.count).toBe(90);
  expect(seen.throttled).toBe(0);
  expect(seen.peak).toBeLessThanOrEqual(TEST_MODE_LIMIT);
});
