import type { RunRecord } from '../../../engine/runs/types';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { customerCreations, customerEmails, dueWebhookConnections } from './fixtures';
import { ProcessGroup, waitFor } from './processes';

// Two worker processes and one scheduler process, as separate `--role=` processes
// against one database: the proof that work is shared without doing anything twice.
jest.setTimeout(300_000);

let database: TestDatabase;
let stripe: StripeEmulator;
let processes: ProcessGroup;

beforeAll(async () => {
  database = await createTestDatabase();
  // Some latency keeps runs busy long enough that both workers get a share.
  stripe = await startStripeEmulator({ latencyMs: 20 });
  processes = new ProcessGroup({ databaseUrl: database.url, stripeApiBase: stripe.url });
});

afterAll(async () => {
  await processes?.stopAll();
  await stripe?.close();
  await database?.drop();
});

test('200 due connections each run exactly once across two workers, and every payload becomes one customer', async () => {
  const [first, second] = await Promise.all([processes.start('worker'), processes.start('worker'), processes.start('scheduler')]);
  const { connectionIds, dueAt, payloads } = await dueWebhookConnections(database.db, {
    count: 200,
    payloadsFor: (index) =>
      Array.from({ length: 1 + (index % 2) }, (_, n) => ({
        email: `c${index}-p${n}@example.com`,
        name: `Customer ${index}.${n}`,
      })),
    requestsPerSecond: 1000,
  });
  const started = Date.now();

  await waitFor('every run to finish', async () => {
    const [row] = (await database.db('runs').whereNotNull('finished_at').count({ n: '*' })) as Array<{ n: string }>;
    return Number(row!.n) >= connectionIds.length ? true : undefined;
  });
  const elapsedMs = Date.now() - started;

  const runs = (await database.db('runs').select('*')) as RunRecord[];
  expect(runs).toHaveLength(200);
  expect(new Set(runs.map((run) => run.connection_id))).toEqual(new Set(connectionIds));
  expect(runs.every((run) => run.status === 'succeeded' && run.attempt === 1 && run.due_at?.getTime() === dueAt.getTime())).toBe(
    true,
  );
  const byWorker = new Map<string, number>();
  for (const run of runs) byWorker.set(run.worker_id!, (byWorker.get(run.worker_id!) ?? 0) + 1);
  expect([...byWorker.keys()].sort()).toEqual([first.workerId, second.workerId].sort());

  expect(customerEmails(stripe)).toEqual(payloads.map((payload) => payload.email).sort());
  // Nothing was even attempted twice: one create request per payload.
  expect(customerCreations(stripe)).toBe(payloads.length);
  const [sent] = (await database.db('ledger').count({ n: '*' })) as Array<{ n: string }>;
  expect(Number(sent!.n)).toBe(payloads.length);
  // The next slot is an hour away, so each connection's due time moved on exactly once.
  const next = (await database.db('connections').distinct('next_run_at')) as Array<{ next_run_at: Date }>;
  expect(next.map((row) => row.next_run_at.getTime())).toEqual([dueAt.getTime() + 60 * 60_000]);

  console.log(`200 runs, ${payloads.length} payloads in ${elapsedMs} ms; runs per worker: ${[...byWorker.values()].join(' / ')}`);
});
