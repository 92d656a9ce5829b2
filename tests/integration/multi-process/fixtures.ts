import type { Db } from '../../../engine/store/db';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { insertAccount, insertWorkspace, webhookToCustomerColumns } from '../../support/fixtures';
import { ProcessGroup } from './processes';

export const STRIPE_KEY = 'sk_test_multi_process_4242';

export interface WorkersOnStripe {
  database: TestDatabase;
  /** Answers every request after 50 ms, so a run lasts long enough to stop a worker in it. */
  stripe: StripeEmulator;
  /** Product processes on both, with the run lease given. */
  processes: ProcessGroup;
}

/**
 * For each test: a fresh database, the Stripe emulator and a group of product processes on
 * them, handed to `started`; after it, every process is stopped, the emulator closed and the
 * database dropped (even when the test failed half-way).
 */
export function useWorkersOnStripe(leaseSeconds: number, started: (parts: WorkersOnStripe) => void): void {
  let parts: Partial<WorkersOnStripe> = {};
  beforeEach(async () => {
    parts = {};
    const database = (parts.database = await createTestDatabase());
    const stripe = (parts.stripe = await startStripeEmulator({ latencyMs: 50 }));
    const processes = (parts.processes = new ProcessGroup({
      databaseUrl: database.url,
      stripeApiBase: stripe.url,
      extra: { TRIBUTARY_RUN_LEASE_SECONDS: String(leaseSeconds) },
    }));
    started({ database, stripe, processes });
  });
  afterEach(async () => {
    await parts.processes?.stopAll();
    await parts.stripe?.close();
    await parts.database?.drop();
  });
}

export interface Payload {
  email: string;
  name: string;
}

/**
 * Enabled webhook -> Stripe "create customer" connections, already due on an hourly
 * interval, each with its payloads waiting in the inbox. "create" (not "reuse") makes the
 * ledger and the idempotency keys the only guard against a second customer.
 */
export async function dueWebhookConnections(
  db: Db,
  args: { count: number; payloadsFor: (index: number) => Payload[]; requestsPerSecond: number },
): Promise<{ workspaceId: string; connectionIds: string[]; dueAt: Date; payloads: Payload[] }> {
  const workspaceId = await insertWorkspace(db);
  const accountId = await insertAccount(db, workspaceId, 'stripe', {
    secretKey: STRIPE_KEY,
    requestsPerSecond: args.requestsPerSecond,
  });
  const dueAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  // One transaction: a scheduler that ticks between the connection and its payloads would
  // run it empty and move it an hour on, and the test would wait for a run that never comes.
  const payloads: Payload[] = [];
  const connectionIds = await db.transaction(async (trx) => {
    const rows = (await trx('connections')
      .insert(
        Array.from({ length: args.count }, (_, index) => ({
          workspace_id: workspaceId,
          name: `Webhook to Stripe ${index + 1}`,
          ...webhookToCustomerColumns(accountId),
          next_run_at: dueAt,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const ids = rows.map((row) => row.id);
    const inbox = ids.flatMap((connectionId, index) =>
      args.payloadsFor(index).map((payload, n) => {
        payloads.push(payload);
        return { connection_id: connectionId, delivery_key: `delivery-${n + 1}`, payload: JSON.stringify(payload) };
      }),
    );
    for (let start = 0; start < inbox.length; start += 500) await trx('webhook_inbox').insert(inbox.slice(start, start + 500));
    return ids;
  });
  return { workspaceId, connectionIds, dueAt, payloads };
}

/** Emails of the customers Stripe holds, sorted, one entry per customer. */
export function customerEmails(stripe: StripeEmulator): string[] {
  return stripe
    .list('customer')
    .map((customer) => String(customer.email))
    .sort();
}

/** POST /v1/customers requests Stripe received (replays of an idempotency key included). */
export function customerCreations(stripe: StripeEmulator): number {
  return stripe.requests.filter((request) => request.method === 'POST' && request.path === '/v1/customers').length;
}
