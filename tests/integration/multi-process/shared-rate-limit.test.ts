import { enqueueRuns } from '../../../engine/runs/repository';
import type { RunRecord } from '../../../engine/runs/types';
import { startStripeProcess, type StripeProcess } from '../../emulators/stripe/separate-process';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { ARRIVAL_STAMP_ALLOWANCE, peakPerSecond } from '../../support/request-windows';
import { dueWebhookConnections, STRIPE_KEY } from './fixtures';
import { ProcessGroup, waitFor } from './processes';

// Issue 15.1: two worker processes sending with one Stripe account share that account's
// rate, so together they stay under it instead of each sending at the full rate.
jest.setTimeout(300_000);

const ACCOUNT_LIMIT = 40;

let database: TestDatabase;
let stripe: StripeProcess;
let processes: ProcessGroup;

beforeAll(async () => {
  database = await createTestDatabase();
  // Stripe's own limit equals the account's: any excess over it is answered 429. The
  // emulator runs in a process of its own so its log shows when requests really arrived.
  stripe = await startStripeProcess({ latencyMs: 20, rateLimitPerSecond: ACCOUNT_LIMIT });
  processes = new ProcessGroup({ databaseUrl: database.url, stripeApiBase: stripe.url });
});

afterAll(async () => {
  await processes?.stopAll();
  await stripe?.close();
  await database?.drop();
});

test('two workers on one account never get a 429 from Stripe, and together stay within the account’s rate', async () => {
  const workers = await Promise.all([processes.start('worker'), processes.start('worker')]);
  // Eight runs: more than one worker takes at once (4), so both work at the same time.
  const { workspaceId, connectionIds, payloads } = await dueWebhookConnections(database.db, {
    count: 8,
    payloadsFor: (index) => Array.from({ length: 25 }, (_, n) => ({ email: `c${index}-${n}@example.com`, name: `C ${n}` })),
    requestsPerSecond: ACCOUNT_LIMIT,
  });
  await enqueueRuns(
    database.db,
    connectionIds.map((connectionId) => ({ workspaceId, connectionId, trigger: 'manual' as const })),
  );

  const runs = await waitFor('every run to finish', async () => {
    const rows = (await database.db('runs').whereNotNull('finished_at')) as RunRecord[];
    return rows.length === connectionIds.length ? rows : undefined;
  });

  const byWorker = new Map<string, RunRecord[]>();
  for (const run of runs) byWorker.set(run.worker_id!, [...(byWorker.get(run.worker_id!) ?? []), run]);
  expect([...byWorker.keys()].sort()).toEqual(workers.map((worker) => worker.workerId).sort());
  // The two workers' runs overlapped in time: they really sent side by side.
  const [a, b] = [...byWorker.values()].map((own) => ({
    from: Math.min(...own.map((run) => run.started_at!.getTime())),
    to: Math.max(...own.map((run) => run.finished_at!.getTime())),
  }));
  expect(Math.min(a!.to, b!.to) - Math.max(a!.from, b!.from)).toBeGreaterThan(1000);

  expect(runs.every((run) => run.status === 'succeeded')).toBe(true);
  const customers = await stripe.list('customer');
  expect(customers.map((customer) => String(customer.email)).sort()).toEqual(payloads.map((payload) => payload.email).sort());
  const sent = (await stripe.requests()).filter((request) => request.apiKey === STRIPE_KEY);
  // Stripe's own limit (the emulator's token bucket) never answered 429: what a user sees.
  expect(sent.filter((request) => request.status === 429)).toHaveLength(0);
  // Together within the account's rate; under CPU load one second once showed 41 of 40.
  expect(peakPerSecond(sent.map((request) => request.time))).toBeLessThanOrEqual(ACCOUNT_LIMIT + ARRIVAL_STAMP_ALLOWANCE);
});
