import { connectors } from '../../../connectors';
import type { JsonObject } from '../../../connectors/sdk';
import { KeyLocks } from '../../../engine/runner/key-locks';
import type { RunnerDeps } from '../../../engine/runner/run-connection';
import { enqueueRun, getRun } from '../../../engine/runs/repository';
import type { RunRecord } from '../../../engine/runs/types';
import { createWorker } from '../../../engine/worker/worker';
import { SessionLocks } from '../../../engine/store/session-locks';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { insertAccount, insertConnection, insertDeliveries, insertWorkspace, TEST_SECRET_KEY } from '../../support/fixtures';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from '../../emulators/stripe';

export interface Harness {
  database: TestDatabase;
  stripe: StripeEmulator;
  workspaceId: string;
  stripeAccountId: string;
  deps: RunnerDeps;
  close(): Promise<void>;
}

export const STRIPE_KEY = 'sk_test_runner_4242';

/** Real PostgreSQL, the Stripe emulator, and runner settings with short back-off. */
export async function startHarness(
  overrides: Partial<RunnerDeps> = {},
  stripeOptions: StripeEmulatorOptions = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  const stripe = await startStripeEmulator(stripeOptions);
  const workspaceId = await insertWorkspace(database.db);
  const stripeAccountId = await insertAccount(database.db, workspaceId, 'stripe', {
    secretKey: STRIPE_KEY,
    requestsPerSecond: 1000,
  });
  const deps: RunnerDeps = {
    db: database.db,
    registry: connectors,
    context: { stripeApiBase: stripe.url, googleApiBase: null },
    secretKey: TEST_SECRET_KEY,
    locks: new KeyLocks(SessionLocks.forDatabase(database.db)),
    retryPolicy: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 },
    ...overrides,
  };
  return {
    database,
    stripe,
    workspaceId,
    stripeAccountId,
    deps,
    async close() {
      await deps.locks.session.close();
      await stripe.close();
      await database.drop();
    },
  };
}

/** A webhook -> Stripe connection with `payloads` already in its inbox. */
export async function webhookConnection(
  h: Harness,
  action: string,
  mapping: Record<string, string>,
  payloads: JsonObject[],
  options: JsonObject = {},
): Promise<string> {
  const connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'stripe',
    destination_action: action,
    destination_account_id: h.stripeAccountId,
    destination_options: options,
    mapping,
  });
  await insertDeliveries(h.database.db, connectionId, payloads);
  return connectionId;
}

/** Queues a manual run and lets one worker execute everything queued. */
export async function runOnce(h: Harness, connectionId: string): Promise<RunRecord> {
  const run = await enqueueRun(h.database.db, { workspaceId: h.workspaceId, connectionId, trigger: 'manual' });
  if (!run) throw new Error('a run is already active');
  await createWorker(h.deps).drain();
  return (await getRun(h.database.db, run.id))!;
}

export async function itemsOf(h: Harness, runId: string) {
  return (await h.database.db('run_items').where({ run_id: runId }).orderBy('id')) as Array<{
    item_key: string;
    status: string;
    destination_object_id: string | null;
    error: Record<string, unknown> | null;
    attempts: number;
    mapped: Record<string, unknown> | null;
    result: { summary: string | null; url: string | null; output: Record<string, unknown> | null } | null;
  }>;
}
