// kill -9 in the Stripe -> destination direction: Stripe charges (all made in one second)
// read by the Stripe source and turned into customers, with the worker killed mid-run.
// The cursor is stored only with the records of a complete read, so the worker taking over
// reads from the old cursor again; the ledger and the idempotency keys keep every charge to
// exactly one customer.
import type { RunRecord } from '../../../engine/runs/types';
import type { StripeEmulator } from '../../emulators/stripe';
import type { TestDatabase } from '../../support/database';
import { insertAccount, insertWorkspace } from '../../support/fixtures';
import { customerEmails, STRIPE_KEY, useWorkersOnStripe } from './fixtures';
import { waitFor, type ProcessGroup } from './processes';

const LEASE_SECONDS = 3;
const CHARGES = 300;
const REQUESTS_PER_SECOND = 40;
const MID_RUN_CUSTOMERS = 60;

jest.setTimeout(90_000);

let database: TestDatabase;
let stripe: StripeEmulator;
let processes: ProcessGroup;
useWorkersOnStripe(LEASE_SECONDS, (started) => ({ database, stripe, processes } = started));

const payer = (n: number) => ({ email: `payer${n}@example.com`, name: `Payer ${n}` });

function makeCharges(from: number, count: number, second: number): string[] {
  stripe.clock.freeze(second);
  stripe.create('charge', count, (i) => ({
    amount: 1000 + i,
    currency: 'jpy',
    billing_details: { ...payer(from + i), address: null, phone: null },
  }));
  stripe.clock.resume();
  return Array.from({ length: count }, (_, i) => payer(from + i).email);
}

/** An enabled "new Stripe charge -> create customer" connection, due now. */
async function chargesToCustomers(): Promise<string> {
  const workspaceId = await insertWorkspace(database.db);
  const accountId = await insertAccount(database.db, workspaceId, 'stripe', {
    secretKey: STRIPE_KEY,
    requestsPerSecond: REQUESTS_PER_SECOND,
  });
  const [row] = (await database
    .db('connections')
    .insert({
      workspace_id: workspaceId,
      name: 'Stripe charges -> customers',
      source_connector: 'stripe',
      source_trigger: 'new-object',
      source_account_id: accountId,
      source_options: JSON.stringify({ object: 'charges', startFrom: 'beginning' }),
      destination_connector: 'stripe',
      destination_action: 'create-customer',
      destination_account_id: accountId,
      // "create", not "reuse": only the ledger and the idempotency keys stand between a
      // charge and a second customer.
      destination_options: JSON.stringify({ onExistingEmail: 'create' }),
      mapping: JSON.stringify({ email: '{{billing_details.email}}', name: '{{billing_details.name}}' }),
      schedule: JSON.stringify({ type: 'interval', minutes: 60 }),
      enabled: true,
      next_run_at: new Date(Date.now() - 60_000),
    })
    .returning('id')) as Array<{ id: string }>;
  return row!.id;
}

const runsOf = async (connectionId: string) =>
  (await database.db('runs').where({ connection_id: connectionId }).orderBy('queued_at')) as RunRecord[];

test('a worker killed while reading Stripe charges leaves every charge one customer, and the next run sends only new charges', async () => {
  const second = Math.floor(Date.now() / 1000) - 3600;
  const emails = makeCharges(0, CHARGES, second);
  const connectionId = await chargesToCustomers();
  const [a, b] = await Promise.all([processes.start('worker'), processes.start('worker'), processes.start('scheduler')]);

  const run = await waitFor('a worker to claim the run', async () => {
    const [first] = await runsOf(connectionId);
    return first?.status === 'running' && first.worker_id ? first : undefined;
  });
  await waitFor(
    'the run to be under way',
    async () => (stripe.list('customer').length >= MID_RUN_CUSTOMERS ? true : undefined),
    30_000,
    20,
  );
  const owner = run.worker_id === a.workerId ? a : b;
  const other = owner === a ? b : a;
  owner.signal('SIGKILL');
  await owner.exited;

  const finished = await waitFor(
    'the other worker to finish the run',
    async () => {
      const [first] = await runsOf(connectionId);
      return first?.finished_at ? first : undefined;
    },
    60_000,
  );
  expect(finished).toMatchObject({ status: 'succeeded', attempt: 2, items_failed: 0, worker_id: other.workerId });
  expect(customerEmails(stripe)).toEqual([...emails].sort());

  // Two more charges in the very second of the others: the next run sends exactly those.
  const later = makeCharges(CHARGES, 2, second);
  await database
    .db('connections')
    .where({ id: connectionId })
    .update({ next_run_at: new Date(Date.now() - 1000) });
  const next = await waitFor(
    'the next run to finish',
    async () => {
      const runs = await runsOf(connectionId);
      return runs[1]?.finished_at ? runs[1] : undefined;
    },
    60_000,
  );
  expect(next).toMatchObject({ status: 'succeeded', items_sent: 2, items_skipped: 0, items_failed: 0 });
  expect(customerEmails(stripe)).toEqual([...emails, ...later].sort());
});
