// kill -9 of the worker process in the middle of applying one payment to 20 open invoices:
// the run is taken over by a new worker, and in Stripe every invoice is paid at most once,
// exactly the right ones are paid, and the reported remaining amount is right.
import { enqueueRun } from '../../../engine/runs/repository';
import type { RunRecord } from '../../../engine/runs/types';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { insertAccount, insertConnection, insertDeliveries, insertWorkspace } from '../../support/fixtures';
import { ProcessGroup, waitFor } from '../multi-process/processes';

jest.setTimeout(90_000);

const INVOICES = 20;
const KEY = 'sk_test_crashApply4242';

let database: TestDatabase;
let stripe: StripeEmulator;
let processes: ProcessGroup;

beforeEach(async () => {
  database = await createTestDatabase();
  // Stripe's latency stretches the run (two requests per invoice) so the kill lands mid-way.
  stripe = await startStripeEmulator({ latencyMs: 60 });
  processes = new ProcessGroup({
    databaseUrl: database.url,
    stripeApiBase: stripe.url,
    extra: { TRIBUTARY_RUN_LEASE_SECONDS: '3' },
  });
});

afterEach(async () => {
  await processes?.stopAll();
  await stripe?.close();
  await database?.drop();
});

/** 20 open invoices created in a shuffled order of due dates; returned earliest due first. */
async function openInvoices(customer: string) {
  const client = stripe.client(KEY);
  const days = Array.from({ length: INVOICES }, (_, n) => ((n * 7) % INVOICES) + 1);
  const created = [];
  for (const [n, daysUntilDue] of days.entries()) {
    const amount = 1000 + n * 150;
    await client.invoiceItems.create({ customer, amount, currency: 'eur' });
    const draft = await client.invoices.create({
      customer,
      collection_method: 'send_invoice',
      days_until_due: daysUntilDue,
      pending_invoice_items_behavior: 'include',
    });
    created.push({ ...(await client.invoices.finalizeInvoice(draft.id)), daysUntilDue });
  }
  return created.sort((a, b) => a.daysUntilDue - b.daysUntilDue);
}

const paidCount = () => stripe.list('invoice').filter((invoice) => invoice.status === 'paid').length;

test('kill -9 half-way through: every invoice is paid at most once and the remaining amount is right', async () => {
  const customer = await stripe.client(KEY).customers.create({ email: 'ann@example.com' });
  const byDue = await openInvoices(customer.id);
  // Enough for the 15 earliest and half of the 16th.
  const covered = byDue.slice(0, 15);
  const received = covered.reduce((sum, invoice) => sum + invoice.amount_due, 0) + Math.floor(byDue[15]!.amount_due / 2);
  const remaining = received - covered.reduce((sum, invoice) => sum + invoice.amount_due, 0);
  const workspaceId = await insertWorkspace(database.db);
  const account = await insertAccount(database.db, workspaceId, 'stripe', { secretKey: KEY, requestsPerSecond: 1000 });
  const connectionId = await insertConnection(database.db, workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'stripe',
    destination_action: 'apply-payment-to-invoices',
    destination_account_id: account,
    mapping: { customer: '{{email}}', amount: '{{amount}}', currency: 'eur' },
  });
  await insertDeliveries(database.db, connectionId, [{ email: 'ann@example.com', amount: (received / 100).toFixed(2) }]);
  const run = await enqueueRun(database.db, { workspaceId, connectionId, trigger: 'manual' });

  const first = await processes.start('worker');
  await waitFor('the first invoices to be paid', async () => (paidCount() >= 4 ? true : undefined), 30_000, 5);
  first.signal('SIGKILL');
  await first.exited;
  const paidWhenKilled = paidCount();
  expect(paidWhenKilled).toBeLessThan(covered.length);

  await processes.start('worker');
  const finished = await waitFor('the run to finish after the takeover', async () => {
    const row = (await database.db('runs').where({ id: run!.id }).first()) as RunRecord;
    return row.finished_at ? row : undefined;
  });

  expect(finished).toMatchObject({ status: 'succeeded', items_sent: 1, items_failed: 0 });
  // A pay request that changed an invoice answered 200 without being a replay of an earlier one.
  const payments = new Map<string, number>();
  for (const request of stripe.requests) {
    const match = /^\/v1\/invoices\/(in_\w+)\/pay$/.exec(request.path);
    if (match && request.status === 200 && !request.replayed) payments.set(match[1]!, (payments.get(match[1]!) ?? 0) + 1);
  }
  expect(byDue.map((invoice) => payments.get(invoice.id) ?? 0)).toEqual([
    ...covered.map(() => 1),
    ...byDue.slice(15).map(() => 0),
  ]);
  const states = new Map(stripe.list('invoice').map((invoice) => [invoice.id, invoice.status]));
  expect(byDue.map((invoice) => states.get(invoice.id))).toEqual([
    ...covered.map(() => 'paid'),
    ...byDue.slice(15).map(() => 'open'),
  ]);
  const item = (await database.db('run_items').where({ run_id: run!.id }).first()) as {
    result: { output: { remaining: string } };
  };
  expect(item.result.output.remaining).toBe(`${(remaining / 100).toFixed(2)} EUR`);
  const applied = stripe
    .list('invoice')
    .filter((invoice) => invoice.status === 'paid')
    .reduce((sum, invoice) => sum + Number((invoice.metadata as Record<string, string>).tributary_payment_applied), 0);
  expect(applied + remaining).toBe(received);
});
