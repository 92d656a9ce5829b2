import { connectors } from '../../../connectors';
import { idempotencyKey, itemTag } from '../../../engine/runner/idempotency';
import { claimRun } from '../../../engine/runs/claim';
import { enqueueRun, getRun } from '../../../engine/runs/repository';
import { retryFailedItems } from '../../../engine/runs/service';
import { ownerActor } from '../../support/actor';
import { createWorker } from '../../../engine/worker/worker';
import { itemsOf, runOnce, startHarness, STRIPE_KEY, webhookConnection, type Harness } from './harness';

const payloads = Array.from({ length: 20 }, (_, i) => ({ email: `p${i}@example.com`, name: `Person ${i}` }));
const mapping = { email: '{{email}}', name: '{{name}}' };
// "create" makes the idempotency key the only thing between a retry and a duplicate.
const alwaysCreate = { onExistingEmail: 'create' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function customerEmails(): string[] {
  return h.stripe
    .list('customer')
    .map((c) => String(c.email))
    .sort();
}

test('a crash between Stripe’s reply and the ledger write does not create a second customer', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', mapping, payloads.slice(0, 1), alwaysCreate);
  // The first attempt reached Stripe, then the process died before recording anything.
  const action = connectors.action('stripe', 'create-customer')!;
  const first = await action.execute({
    credentials: { secretKey: STRIPE_KEY },
    options: alwaysCreate,
    input: { email: 'p0@example.com', name: 'Person 0' },
    idempotencyKey: (step) => idempotencyKey(connectionId, 'delivery:delivery-1', step),
    itemTag: itemTag(connectionId, 'delivery:delivery-1'),
    context: h.deps.context,
  });

  const run = await runOnce(h, connectionId);

  expect(run.status).toBe('succeeded');
  expect(h.stripe.list('customer')).toHaveLength(1);
  expect((await itemsOf(h, run.id))[0]!.destination_object_id).toBe(first.objectId);
});

test('connections dropped before and after Stripe applied the change end with every item sent once', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', mapping, payloads, alwaysCreate);
  h.stripe.faults.failNext({ method: 'POST', path: '/v1/customers' }, { kind: 'drop-after' }, 4);
  h.stripe.faults.failNext({ method: 'POST', path: '/v1/customers' }, { kind: 'drop-before' }, 4);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 20, items_failed: 0 });
  expect(customerEmails()).toEqual(payloads.map((p) => p.email).sort());
});

test('429 storms and 500s are retried until every item is sent once', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', mapping, payloads, alwaysCreate);
  h.stripe.faults.failNext({ path: '/v1/customers' }, { kind: 'rate-limit', retryAfterSeconds: 0 }, 15);
  h.stripe.faults.failNext({ path: '/v1/customers' }, { kind: 'rate-limit', shouldRetry: true }, 5);
  h.stripe.faults.failNext({ path: '/v1/customers' }, { kind: 'server-error' }, 10);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 20 });
  expect(customerEmails()).toEqual(payloads.map((p) => p.email).sort());
  const attempts = (await itemsOf(h, run.id)).reduce((sum, item) => sum + item.attempts, 0);
  expect(attempts).toBe(20 + 30);
});

test('a run whose worker died is taken over and finished without duplicates', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', mapping, payloads, alwaysCreate);
  const queued = await enqueueRun(h.database.db, { workspaceId: h.workspaceId, connectionId, trigger: 'manual' });
  // Worker A claims the run, sends a few items, and is killed before recording them.
  const claimed = await claimRun(h.database.db, 'worker-a', { leaseSeconds: 30, staleSeconds: 3, maxTakeovers: 3 });
  const action = connectors.action('stripe', 'create-customer')!;
  for (const [index, payload] of payloads.slice(0, 5).entries()) {
    await action.execute({
      credentials: { secretKey: STRIPE_KEY },
      options: alwaysCreate,
      input: payload,
      idempotencyKey: (step) => idempotencyKey(connectionId, `delivery:delivery-${index + 1}`, step),
      itemTag: itemTag(connectionId, `delivery:delivery-${index + 1}`),
      context: h.deps.context,
    });
  }
  // Its lease runs out: no renewals arrive from a dead process.
  await h.database
    .db('runs')
    .where({ id: claimed!.id })
    .update({ lease_expires_at: h.database.db.raw("now() - interval '1 second'") });

  await createWorker(h.deps).drain();

  const run = await getRun(h.database.db, queued!.id);
  expect(run).toMatchObject({ status: 'succeeded', items_sent: 20, attempt: 2 });
  expect(customerEmails()).toEqual(payloads.map((p) => p.email).sort());
});

test('failed items can be retried later and are sent with the same idempotency key', async () => {
  h.deps.retryPolicy = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
  const connectionId = await webhookConnection(h, 'create-customer', mapping, payloads.slice(0, 1), alwaysCreate);
  // Stripe creates the customer but the reply never arrives, twice (the stripe client
  // itself retries a closed connection once).
  h.stripe.faults.failNext({ path: '/v1/customers' }, { kind: 'drop-after' }, 2);
  const first = await runOnce(h, connectionId);
  expect(first).toMatchObject({ status: 'partial', items_sent: 0, items_failed: 1 });

  const retry = await retryFailedItems({
    db: h.database.db,
    actor: await ownerActor(h.database.db, h.workspaceId),
    runId: first.id,
  });
  await createWorker(h.deps).drain();

  expect(await getRun(h.database.db, retry!.id)).toMatchObject({ status: 'succeeded', items_sent: 1, trigger: 'retry' });
  expect(customerEmails()).toEqual(['p0@example.com']);
});
