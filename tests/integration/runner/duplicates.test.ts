import { KeyLocks } from '../../../engine/runner/key-locks';
import { executeRun } from '../../../engine/runner/run-connection';
import { claimRun } from '../../../engine/runs/claim';
import { enqueueRun, getRun } from '../../../engine/runs/repository';
import type { RunRecord } from '../../../engine/runs/types';
import { SessionLocks } from '../../../engine/store/session-locks';
import { startHeartbeat } from '../../../engine/worker/heartbeat';
import { itemsOf, runOnce, startHarness, webhookConnection, type Harness } from './harness';

// Issue 10.2: items run 25 at a time, so two rows with one email used to look the
// customer up side by side, find nothing, and both create one.
const people = Array.from({ length: 50 }, (_, i) => ({ email: `dup${i}@example.com`, name: `Person ${i}`, amount: '10.00' }));
// Each email twice, next to each other: both copies are in flight together.
const twice = people.flatMap((person) => [person, { ...person, name: `${person.name} again`, amount: '2.50' }]);
const customerMapping = { email: '{{email}}', name: '{{name}}' };

let h: Harness;
beforeEach(async () => {
  // A little latency keeps look-ups and creations of one page overlapping, as with Stripe.
  h = await startHarness({}, { latencyMs: 5 });
});
afterEach(async () => {
  await h.close();
});

/** The emails of Stripe's customers, sorted, once per customer. */
function customerEmails(): string[] {
  return h.stripe
    .list('customer')
    .map((customer) => String(customer.email))
    .sort();
}

function customerIdsByEmail(): Map<string, string[]> {
  const byEmail = new Map<string, string[]>();
  for (const customer of h.stripe.list('customer')) {
    const email = String(customer.email);
    byEmail.set(email, [...(byEmail.get(email) ?? []), String(customer.id)]);
  }
  return byEmail;
}

async function expectEachItemOnItsOneCustomer(runId: string): Promise<void> {
  const byEmail = customerIdsByEmail();
  for (const item of await itemsOf(h, runId)) {
    expect(item.status).toBe('sent');
    expect(byEmail.get(String(item.mapped?.email))).toEqual([item.destination_object_id]);
  }
}

test('with "reuse the customer with this email", 50 emails that each come twice in one page make 50 customers', async () => {
  const connectionId = await webhookConnection(h, 'create-customer', customerMapping, twice);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 100, items_failed: 0 });
  expect(customerEmails()).toEqual(people.map((p) => p.email).sort());
  await expectEachItemOnItsOneCustomer(run.id);
});

test('Add Invoice Item with "create the customer" puts both lines of an email on one new customer', async () => {
  const connectionId = await webhookConnection(
    h,
    'add-invoice-item',
    { customer: '{{email}}', amount: '{{amount}}', currency: 'eur', description: '{{name}}' },
    twice,
    { createMissingCustomer: true },
  );

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 100 });
  expect(customerEmails()).toEqual(people.map((p) => p.email).sort());
  const customers = h.stripe.list('customer');
  const linesPerCustomer = new Map<string, number>();
  for (const line of h.stripe.list('invoiceitem')) {
    linesPerCustomer.set(String(line.customer), (linesPerCustomer.get(String(line.customer)) ?? 0) + 1);
  }
  expect([...linesPerCustomer.values()]).toEqual(Array.from({ length: 50 }, () => 2));
  expect(new Set(linesPerCustomer.keys())).toEqual(new Set(customers.map((customer) => String(customer.id))));
});

test('an email that repeats across two pages of the inbox still makes one customer', async () => {
  // The runner reads the inbox 500 payloads at a time. Payloads 1-490 were sent long ago
  // (in the ledger), 491-500 are new, and 501-510 repeat their emails on the next page.
  const payloads = Array.from({ length: 510 }, (_, i) => ({
    email: `page${i >= 500 ? i - 10 : i}@example.com`,
    name: `Person ${i}`,
  }));
  const connectionId = await webhookConnection(h, 'create-customer', customerMapping, payloads);
  await h.database
    .db('ledger')
    .insert(Array.from({ length: 490 }, (_, i) => ({ connection_id: connectionId, item_key: `delivery:delivery-${i + 1}` })));
  // Slow enough that the first copies are still in flight when the next page is read.
  h.stripe.faults.setLatency(150);

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 20, items_skipped: 490 });
  expect(customerEmails()).toEqual(Array.from({ length: 10 }, (_, i) => `page${490 + i}@example.com`).sort());
  const byEmail = customerIdsByEmail();
  for (const item of (await itemsOf(h, run.id)).filter((row) => row.status === 'sent')) {
    expect(byEmail.get(String(item.mapped?.email))).toEqual([item.destination_object_id]);
  }
});

test('two workers sending the same new emails for two connections of one Stripe account make each customer once', async () => {
  const first = await webhookConnection(h, 'create-customer', customerMapping, people);
  const second = await webhookConnection(h, 'create-customer', customerMapping, people);
  const runs = [];
  for (const connectionId of [first, second]) {
    runs.push((await enqueueRun(h.database.db, { workspaceId: h.workspaceId, connectionId, trigger: 'manual' }))!);
  }
  // Two workers as two processes would be: each with its own lock session, so only
  // PostgreSQL can make them take turns.
  const workers = ['worker-1', 'worker-2'].map((workerId) => ({
    workerId,
    deps: { ...h.deps, locks: new KeyLocks(SessionLocks.forDatabase(h.database.db)) },
  }));
  const heartbeats = await Promise.all(
    workers.map((worker) => startHeartbeat({ db: h.database.db, locks: worker.deps.locks.session, workerId: worker.workerId })),
  );
  const rules = { leaseSeconds: 30, staleSeconds: 3, maxTakeovers: 3 };
  const claimed: RunRecord[] = [];
  for (const worker of workers) claimed.push((await claimRun(h.database.db, worker.workerId, rules))!);

  try {
    await Promise.all(workers.map((worker, i) => executeRun(worker.deps, claimed[i]!, { workerId: worker.workerId })));
  } finally {
    for (const heartbeat of heartbeats) await heartbeat.stop();
    for (const worker of workers) await worker.deps.locks.session.close();
  }

  for (const run of runs) expect(await getRun(h.database.db, run.id)).toMatchObject({ status: 'succeeded', items_sent: 50 });
  expect(customerEmails()).toEqual(people.map((p) => p.email).sort());
  for (const run of runs) await expectEachItemOnItsOneCustomer(run.id);
});
